import { readFileSync, writeFileSync } from 'node:fs';
import { fromRepositoryRoot } from '@thermostream/pipeline/repository';
import { describeSettings, kafkaSecuritySettings, schemaRegistryAuthSettings, type ServiceName, type SettingsSpec } from '@thermostream/config';
import { settings as aggregator } from '@thermostream/aggregator/config';
import { settings as filter } from '@thermostream/filter/config';
import { settings as httpIngest } from '@thermostream/http-ingest/config';
import { settings as lakeWriter } from '@thermostream/lake-writer/config';
import { settings as rawArchiver } from '@thermostream/raw-archiver/config';
import { settings as regionPartitioner } from '@thermostream/region-partitioner/config';
import { settings as scdWriter } from '@thermostream/scd-writer/config';
import { settings as versionsMirror } from '@thermostream/versions-mirror/config';
import { metricsMarkdownTable } from '@thermostream/observability';
import { aclMarkdownTable } from '@thermostream/stack';

/** Every service's settings, as the service itself declares them. */
export const serviceSettingsByName: Record<ServiceName, SettingsSpec> = {
  'http-ingest': httpIngest,
  'raw-archiver': rawArchiver,
  filter,
  'region-partitioner': regionPartitioner,
  'scd-writer': scdWriter,
  aggregator,
  'lake-writer': lakeWriter,
  'versions-mirror': versionsMirror,
};

/** Authentication and encryption settings: every service reads them, and docs/security.md has their table. */
const securitySettings: SettingsSpec = { ...kafkaSecuritySettings, ...schemaRegistryAuthSettings };
const isSecuritySetting = (env: string) => Object.values(securitySettings).some((setting) => setting.env === env);

/** The README's configuration table: each variable once, with the services that read it; the security settings are in their own. */
export function configurationTable(): string {
  return settingsTable((env) => !isSecuritySetting(env));
}

/** docs/security.md's table of the Kafka and registry clients' security settings. */
export function securityConfigurationTable(): string {
  return settingsTable(isSecuritySetting);
}

function settingsTable(included: (env: string) => boolean): string {
  const rows = new Map<string, { description: string; defaults: Map<string, string>; services: string[] }>();
  for (const [service, spec] of Object.entries(serviceSettingsByName)) {
    for (const setting of describeSettings(spec).filter((described) => included(described.env))) {
      const row = rows.get(setting.env) ?? { description: setting.description, defaults: new Map<string, string>(), services: [] };
      row.services.push(service);
      row.defaults.set(service, setting.defaultValue);
      rows.set(setting.env, row);
    }
  }
  const everyService = Object.keys(serviceSettingsByName).length;
  const quote = (value: string) => (value === '' ? '(empty)' : value === '(required)' ? value : `\`${value}\``);
  const lines = [...rows].map(([env, row]) => {
    const distinct = new Set(row.defaults.values());
    const shown =
      distinct.size === 1 ? quote([...distinct][0]!) : [...row.defaults].map(([service, value]) => `${service}: ${quote(value)}`).join('<br>');
    const services = row.services.length === everyService ? 'all' : row.services.join(', ');
    return `| \`${env}\` | ${shown} | ${services} | ${row.description} |`;
  });
  return ['| variable | default | read by | meaning |', '|---|---|---|---|', ...lines].join('\n');
}

export { metricsMarkdownTable };

/** The README with its configuration and metrics tables as the declarations make them. */
export function readmeWithCurrentTables(readme: string): string {
  return replaceSection(replaceSection(readme, 'configuration', configurationTable()), 'metrics', metricsMarkdownTable());
}

/** docs/security.md with its settings and ACL tables as the declarations make them. */
export function securityDocWithCurrentTables(document: string): string {
  return replaceSection(replaceSection(document, 'security-configuration', securityConfigurationTable()), 'acls', aclMarkdownTable());
}

/** Rewrites the generated tables of the README and docs/security.md in place. */
export function regenerateReadmeTables(): void {
  const readme = fromRepositoryRoot('README.md');
  writeFileSync(readme, readmeWithCurrentTables(readFileSync(readme, 'utf8')));
  const security = fromRepositoryRoot('docs/security.md');
  writeFileSync(security, securityDocWithCurrentTables(readFileSync(security, 'utf8')));
}

/** Replaces the text between `<!-- name:begin -->` and `<!-- name:end -->`. */
export function replaceSection(document: string, name: string, content: string): string {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const start = document.indexOf(begin);
  const stop = document.indexOf(end);
  if (start < 0 || stop < start) throw new Error(`the document has no ${begin} … ${end} section`);
  return `${document.slice(0, start + begin.length)}\n${content}\n${document.slice(stop)}`;
}
