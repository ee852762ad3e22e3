import { enumSetting, loadConfig, stackSettings, stringSetting } from '@thermostream/config';
// The repository's paths alone: the pipeline's index loads every client, on every command's start.
import { fromRepositoryRoot } from '@thermostream/pipeline/repository';
import type { StackOptions, StackPorts } from '@thermostream/stack';
import path from 'node:path';

const cliSettings = {
  ...stackSettings,
  ingestApiKey: stringSetting({
    env: 'THERMO_INGEST_API_KEY',
    description: 'API key of the local partner that `pnpm start` gives http-ingest (and `thermo load` uses).',
    defaultValue: 'thermostream-dev-key',
    secret: true,
  }),
  versionsMirror: enumSetting({
    env: 'VERSIONS_MIRROR',
    description: '`on`: `pnpm start` also runs the versions-mirror, which copies the history into reading_versions in PostgreSQL (off the critical path, in its own consumer group).',
    defaultValue: 'off',
    values: ['on', 'off'] as const,
  }),
};

export interface CliConfig {
  dataDir: string;
  logDir: string;
  archiveDir: string;
  lakeDir: string;
  ingestApiKey: string;
  versionsMirror: boolean;
  stackPorts: StackPorts;
}

export function loadCliConfig(): CliConfig {
  const config = loadConfig(cliSettings);
  const dataDir = fromRepositoryRoot(config.dataDir);
  return {
    dataDir,
    logDir: path.join(dataDir, 'logs'),
    archiveDir: path.join(dataDir, 'archive'),
    lakeDir: path.join(dataDir, 'lake'),
    ingestApiKey: config.ingestApiKey,
    versionsMirror: config.versionsMirror === 'on',
    stackPorts: { kafka: config.kafkaPort, registry: config.registryPort, postgres: config.postgresPort },
  };
}

/** The stack this configuration names: its data directory and ports; progress lines to stderr. */
export function stackOptionsOf(config: CliConfig, extra: Partial<StackOptions> = {}): StackOptions {
  return { dataDir: config.dataDir, ports: config.stackPorts, log: (line: string) => console.error(line), ...extra };
}
