import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { StackLayout } from './layout.ts';
import { mavenOnce } from './maven.ts';
import { postgresCredentials } from './postgres.ts';
import { runningPid, startDetached } from './processes.ts';
import { httpAnswers, logSize, waitFor } from './readiness.ts';

const run = promisify(execFile);

export const registryVersion = '3.0.9';
export const compatibilityApiPath = '/apis/ccompat/v7';

/**
 * Apicurio Registry keeps its schemas in our PostgreSQL (its default is in memory): every Avro
 * record in Kafka carries a schema id, and those ids must outlive a restart of the registry.
 */
export function registryJavaOptions(registryPort: number, postgresPort: number): string[] {
  const { owner, ownerPassword, registryDatabase } = postgresCredentials;
  return [
    '-Xmx256m',
    `-Dquarkus.http.port=${registryPort}`,
    '-Dquarkus.http.host=127.0.0.1',
    '-Dapicurio.storage.kind=sql',
    '-Dapicurio.storage.sql.kind=postgresql',
    `-Dapicurio.datasource.url=jdbc:postgresql://127.0.0.1:${postgresPort}/${registryDatabase}`,
    `-Dapicurio.datasource.username=${owner}`,
    `-Dapicurio.datasource.password=${ownerPassword}`,
    // Its default keeps 20 idle connections; a local registry needs a couple.
    '-Dapicurio.datasource.jdbc.initial-size=2',
    '-Dapicurio.datasource.jdbc.min-size=2',
    '-Dapicurio.datasource.jdbc.max-size=10',
  ];
}

export async function startRegistry(layout: StackLayout, ports: { registry: number; postgres: number }, log: (line: string) => void): Promise<void> {
  const pidFile = layout.pidFile('registry');
  if (runningPid(pidFile) !== undefined) return;
  const runner = path.join(layout.registryHome, `apicurio-registry-app-${registryVersion}-runner.jar`);
  if (!existsSync(runner)) {
    const archiveDir = path.join(layout.downloadsDir, 'registry');
    await mavenOnce('dependency:copy@registry', { 'registry.dir': archiveDir }, path.join(archiveDir, '.pom-hash'), log);
    mkdirSync(layout.registryHome, { recursive: true });
    await run('tar', ['-xzf', path.join(archiveDir, `apicurio-registry-app-${registryVersion}-all.tar.gz`), '-C', layout.registryHome]);
  }
  log(`registry: starting on 127.0.0.1:${ports.registry}`);
  const logFrom = logSize(layout.logFile('registry'));
  startDetached({
    command: 'java',
    args: [...registryJavaOptions(ports.registry, ports.postgres), '-jar', runner],
    cwd: layout.registryHome,
    logFile: layout.logFile('registry'),
    pidFile,
  });
  await waitFor('registry', () => httpAnswers(`http://127.0.0.1:${ports.registry}${compatibilityApiPath}/subjects`), {
    timeoutMs: 120_000,
    logFile: layout.logFile('registry'),
    logFrom,
    stillRunning: () => runningPid(pidFile) !== undefined,
  });
}
