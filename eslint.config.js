import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const because = {
  '@platformatic/kafka': 'Only @thermostream/kafka talks to Kafka: it owns batching, commits, retries and shutdown.',
  pg: 'Only @thermostream/postgres talks to PostgreSQL: pools, transactions and migrations live there.',
  env: 'Configuration is parsed and validated once by @thermostream/config; nothing else reads process.env.',
};

const banImports = (...names) => ({
  'no-restricted-imports': ['error', { paths: names.map((name) => ({ name, message: because[name] })) }],
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.thermostream/**', 'deploy/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: globals.node } },
  { rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }] } },
  {
    files: ['**/*.ts'],
    ignores: ['packages/kafka/**', 'packages/postgres/**'],
    rules: banImports('@platformatic/kafka', 'pg'),
  },
  { files: ['packages/kafka/**/*.ts'], rules: banImports('pg') },
  { files: ['packages/postgres/**/*.ts'], rules: banImports('@platformatic/kafka') },
  {
    files: ['**/*.ts'],
    ignores: ['packages/config/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: because.env }],
    },
  },
);
