import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const because = {
  '@platformatic/kafka': 'Only @thermostream/kafka talks to Kafka: it owns batching, commits, retries and shutdown.',
  pg: 'Only @thermostream/postgres talks to PostgreSQL: pools, transactions and migrations live there.',
  env: 'Configuration is parsed and validated once by @thermostream/config; nothing else reads process.env.',
  packageImportsService:
    'Packages are shared by every service and know none of them: move what both need into a package, or let the service hand it in. A tool that needs every service belongs in tools/.',
  serviceImportsService:
    'Services meet only through Kafka topics and the database: share code through a package under packages/, never by importing another service.',
};

const serviceNames = ['aggregator', 'filter', 'http-ingest', 'lake-writer', 'raw-archiver', 'region-partitioner', 'scd-writer'];

/** Imports of the given services, by package name or by a relative path into their sources. */
const servicePatterns = (names, message) => [
  { regex: `^@thermostream/(${names.join('|')})(/|$)`, message },
  { regex: `(^|/)(${names.join('|')})/src/`, message },
];

// One no-restricted-imports per file, since a later setting of a rule replaces an earlier one: the
// file groups below do not overlap.
const restrictImports = ({ clients, patterns = [] }) => ({
  'no-restricted-imports': ['error', { paths: clients.map((name) => ({ name, message: because[name] })), patterns }],
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.thermostream/**', 'deploy/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: globals.node } },
  { rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }] } },
  {
    files: ['**/*.ts'],
    ignores: ['packages/**', 'services/**'],
    rules: restrictImports({ clients: ['@platformatic/kafka', 'pg'] }),
  },
  {
    files: ['packages/**/*.ts'],
    ignores: ['packages/kafka/**', 'packages/postgres/**'],
    rules: restrictImports({ clients: ['@platformatic/kafka', 'pg'], patterns: servicePatterns(serviceNames, because.packageImportsService) }),
  },
  { files: ['packages/kafka/**/*.ts'], rules: restrictImports({ clients: ['pg'], patterns: servicePatterns(serviceNames, because.packageImportsService) }) },
  { files: ['packages/postgres/**/*.ts'], rules: restrictImports({ clients: ['@platformatic/kafka'], patterns: servicePatterns(serviceNames, because.packageImportsService) }) },
  ...serviceNames.map((service) => ({
    files: [`services/${service}/**/*.ts`],
    rules: restrictImports({
      clients: ['@platformatic/kafka', 'pg'],
      patterns: servicePatterns(
        serviceNames.filter((other) => other !== service),
        because.serviceImportsService,
      ),
    }),
  })),
  {
    files: ['**/*.ts'],
    ignores: ['packages/config/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: because.env }],
    },
  },
);
