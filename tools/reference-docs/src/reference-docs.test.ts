import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { fromRepositoryRoot, launchOf, pipelineLaunches } from '@thermostream/pipeline';
import { serviceNames } from '@thermostream/config';
import { configurationTable, metricsMarkdownTable, replaceSection, securityDocWithCurrentTables, serviceSettingsByName } from './reference-docs.ts';

const readme = readFileSync(fromRepositoryRoot('README.md'), 'utf8');
const envOf = (service: string) => Object.values(serviceSettingsByName[service as keyof typeof serviceSettingsByName]).map((setting) => setting.env);
const required = (service: string) =>
  Object.values(serviceSettingsByName[service as keyof typeof serviceSettingsByName])
    .filter((setting) => setting.defaultValue === undefined)
    .map((setting) => setting.env);

describe('README reference tables', () => {
  it('shows the configuration table generated from the declared settings (run `pnpm thermo docs`)', () => {
    expect(replaceSection(readme, 'configuration', configurationTable())).toBe(readme);
  });

  it('shows the metrics table generated from the declared metrics (run `pnpm thermo docs`)', () => {
    expect(replaceSection(readme, 'metrics', metricsMarkdownTable())).toBe(readme);
  });

  it('docs/security.md shows the security settings and ACL tables generated from their declarations (run `pnpm thermo docs`)', () => {
    const security = readFileSync(fromRepositoryRoot('docs/security.md'), 'utf8');
    expect(securityDocWithCurrentTables(security)).toBe(security);
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(fromRepositoryRoot('docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, { environment?: Record<string, unknown> }>;
  };

  it.each(serviceNames)('sets only variables %s reads, and every one it requires', (service) => {
    const environment = Object.keys(compose.services[service]?.environment ?? {}).filter((name) => name !== 'SERVICE');
    expect(environment.filter((name) => !envOf(service).includes(name))).toEqual([]);
    expect(required(service).filter((name) => !environment.includes(name))).toEqual([]);
    expect(compose.services[service]?.environment?.SERVICE).toBe(service);
  });
});

describe('pipelineLaunches', () => {
  const launches = pipelineLaunches({
    endpoints: { kafkaBrokers: ['h:1'], schemaRegistryUrl: 'http://r', postgresUrl: 'postgres://p/d', postgresAdminUrl: 'postgres://a/d', postgresAnalystUrl: 'postgres://r/d' },
    namespace: 'n',
    archiveDir: '/archive',
    apiKey: 'k',
  });

  it.each(serviceNames)('gives %s only variables it reads, and every one it requires', (service) => {
    const environment = Object.keys(launchOf(launches, service).environment);
    expect(environment.filter((name) => !envOf(service).includes(name))).toEqual([]);
    expect(required(service).filter((name) => !environment.includes(name))).toEqual([]);
  });
});
