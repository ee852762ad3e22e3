import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipelineLaunches, startServices, waitUntilReady, type ServiceGroup } from '@thermostream/cli';
import { serviceNames, type ServiceName } from '@thermostream/config';
import { createDatabase, quoteIdentifier, type Database } from '@thermostream/postgres';
import { testStackEndpoints } from './stack.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RunningPipeline {
  namespace: string;
  ingestUrl: string;
  apiKey: string;
  archiveDir: string;
  group: ServiceGroup;
  database: Database;
  stop(): Promise<void>;
}

/** The six services as real processes on the test stack, isolated in their own namespace. */
export async function startPipeline(namespace: string): Promise<RunningPipeline> {
  const endpoints = await testStackEndpoints();
  const workDir = mkdtempSync(path.join(tmpdir(), `thermostream-${namespace}-`));
  const ports = Object.fromEntries(await Promise.all(serviceNames.map(async (service) => [service, await freePort()]))) as Record<ServiceName, number>;
  const apiKey = `key-${namespace}`;
  const archiveDir = path.join(workDir, 'archive');
  const group = startServices(pipelineLaunches({ endpoints, namespace, archiveDir, apiKey, ports, logLevel: 'info' }), path.join(workDir, 'logs'));
  try {
    await waitUntilReady(group.services, 120_000);
  } catch (error) {
    await group.stop();
    throw error;
  }
  const database = createDatabase({ databaseUrl: endpoints.postgresUrl, poolSize: 2, schema: namespace, applicationName: 'test' });
  return {
    namespace,
    ingestUrl: `http://127.0.0.1:${ports['http-ingest']}/v1/readings`,
    apiKey,
    archiveDir,
    group,
    database,
    async stop() {
      await group.stop();
      await database.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(namespace)} CASCADE`);
      await database.close();
    },
  };
}

/** Polls until `check` returns a value, or fails with the last value seen. */
export async function eventually<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    last = await probe();
  }
  return last;
}
