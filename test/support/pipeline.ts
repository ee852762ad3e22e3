import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchOf, pipelineLaunches, startService, verifyPipeline, waitUntilReady, type RunningService, type VerifyReport } from '@thermostream/pipeline';
import { mirrorService, serviceNames, type ServiceName } from '@thermostream/config';
import { createDatabase, quoteIdentifier, type Database } from '@thermostream/postgres';
import { freePort } from '@thermostream/stack';
import type { StackEndpoints } from '@thermostream/stack';
import { testStackEndpoints } from './stack.ts';

export { freePort };

export interface RunningPipeline {
  namespace: string;
  ingestUrl: string;
  apiKey: string;
  archiveDir: string;
  /** The scd-writer's local stores, one folder per namespace beneath it. */
  scdStateDir: string;
  /** The lake-writer's Parquet files. */
  lakeDir: string;
  /** Every instance started and not stopped through `stopInstance`, including those that crashed. */
  instances: RunningService[];
  database: Database;
  /** Starts one more instance of a service (a member of the same consumer group) and waits until it is ready. */
  startInstance(service: ServiceName, instance: number): Promise<RunningService>;
  stopInstance(running: RunningService, signal?: NodeJS.Signals): Promise<void>;
  /**
   * `thermo verify` on this pipeline: its changelog's current versions against its table; with
   * `lake`, its lake's too, waiting for the lake-writer at most `lakeWaitMs` (60 s by default).
   */
  verify(options?: { lake?: boolean; lakeWaitMs?: number }): Promise<VerifyReport>;
  /**
   * Waits until the versions-mirror has copied into reading_versions every version written so far: its
   * consumer reports no lag on three reads in a row. Call it once the table shows what the test awaits
   * (the versions were written in the same transactions as the deltas that made it).
   */
  historyMirrored(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The pipeline's services as real processes on the test stack, isolated in their own namespace, with
 * the versions-mirror, so tests can read the history in PostgreSQL. `environment` is added to every
 * service's, e.g. a short KAFKA_SESSION_TIMEOUT_MS for tests that kill instances; `endpoints` names
 * another stack than the shared one (a test's own, to break).
 */
export async function startPipeline(
  namespace: string,
  options: { environment?: Record<string, string>; endpoints?: StackEndpoints } = {},
): Promise<RunningPipeline> {
  const endpoints = options.endpoints ?? (await testStackEndpoints());
  const workDir = mkdtempSync(path.join(tmpdir(), `thermostream-${namespace}-`));
  const ports = Object.fromEntries(await Promise.all([...serviceNames, mirrorService].map(async (service) => [service, await freePort()]))) as Record<ServiceName, number>;
  const apiKey = `key-${namespace}`;
  const archiveDir = path.join(workDir, 'archive');
  const launches = pipelineLaunches({
    endpoints,
    namespace,
    archiveDir,
    stateDir: path.join(workDir, 'scd-state'),
    lakeDir: path.join(workDir, 'lake'),
    apiKey,
    ports,
    logLevel: 'info',
    versionsMirror: true,
  }).map((launch) => ({
    ...launch,
    environment: { ...launch.environment, ...options.environment },
  }));
  const logDir = path.join(workDir, 'logs');
  const instances = launches.map((launch) => startService(launch, logDir));
  const stopAll = () => Promise.all(instances.map((running) => running.stop()));
  try {
    await waitUntilReady(instances, 120_000);
  } catch (error) {
    await stopAll();
    throw error;
  }
  const database = createDatabase({ databaseUrl: endpoints.postgresUrl, poolSize: 2, schema: namespace, applicationName: 'test' });
  return {
    namespace,
    ingestUrl: `http://127.0.0.1:${ports['http-ingest']}/v1/readings`,
    apiKey,
    archiveDir,
    scdStateDir: path.join(workDir, 'scd-state'),
    lakeDir: path.join(workDir, 'lake'),
    instances,
    database,
    async startInstance(service, instance) {
      const base = launchOf(launches, service);
      const port = await freePort();
      const running = startService({ ...base, port, environment: { ...base.environment, METRICS_PORT: String(port) } }, logDir, instance);
      instances.push(running);
      await waitUntilReady([running], 120_000);
      return running;
    },
    async stopInstance(running, signal = 'SIGTERM') {
      instances.splice(instances.indexOf(running), 1);
      if (signal === 'SIGTERM') await running.stop();
      else {
        running.kill(signal);
        await running.exited;
      }
    },
    verify: (verifyOptions = {}) =>
      verifyPipeline({
        endpoints,
        namespace,
        lake: verifyOptions.lake ? { dir: path.join(workDir, 'lake'), waitMs: verifyOptions.lakeWaitMs ?? 60_000 } : { skip: 'not asked by the test' },
      }),
    async historyMirrored() {
      const mirror = instances.find((running) => running.service === mirrorService)!;
      let settled = 0;
      await eventually(
        'the versions-mirror caught up',
        async () => {
          settled = (await mirrorLag(mirror.port)) === 0 ? settled + 1 : 0;
          return settled;
        },
        (count) => count >= 3,
        60_000,
      );
    },
    async stop() {
      await stopAll();
      await database.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(namespace)} CASCADE`);
      await database.close();
    },
  };
}

/** The versions-mirror's consumer lag, summed over its partitions; undefined before its first fetch. */
async function mirrorLag(port: number): Promise<number | undefined> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const lines = text.split('\n').filter((line) => line.startsWith('thermostream_consumer_lag_records{'));
  return lines.length === 0 ? undefined : lines.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** What http-ingest answered a POST of readings: the body is the counts and errors, or a problem for a 4xx/5xx. */
export interface IngestAnswer {
  status: number;
  retryAfter: string | null;
  body: { accepted: number; rejected: number; errors: { index: number; code: string }[] };
}

/** POSTs readings to the pipeline's http-ingest as a JSON array, with its key. */
export async function postReadings(pipeline: RunningPipeline, readings: unknown[]): Promise<IngestAnswer> {
  const response = await fetch(pipeline.ingestUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': pipeline.apiKey },
    body: JSON.stringify(readings),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as IngestAnswer['body'] };
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
