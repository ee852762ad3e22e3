import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { kafkaTuningSettings, loadConfig, serviceEnvironment } from '@thermostream/config';
import { getFromService, processingChain, startService, type RunningService } from '@thermostream/pipeline';
import type { Queryable } from '@thermostream/postgres';
import { createRegionAssigner } from '@thermostream/regions';
import { stackEndpoints, type StackOptions } from '@thermostream/stack';
import { startBenchServices } from '../bench-services.ts';
import { compareAggregates, tableAggregates, type Aggregates } from '../chaos/pipeline-state.ts';
import { openBenchNamespace } from '../namespace/bench-namespace.ts';
import { onInterrupt } from '../namespace/clean-up.ts';
import { kafkaTools } from '../namespace/kafka-tools.ts';
import { generateBacklog } from '../pipeline/backlog.ts';
import { publishBacklog } from '../pipeline/publish-backlog.ts';
import { exitWatch, untilNextSample } from '../pipeline/service-usage.ts';
import { sampleIntervalMs, watchDrain } from '../pipeline/watch-drain.ts';
import { verifyUntilSettled } from '../verify-outcome.ts';
import { currentReadingsOf, expectedPoints, recoveryBatch, type CurrentReadings } from './recovery-batch.ts';
import type { Recovery, RecoveryBenchReport } from './recovery-report.ts';
import { metricTotal, readReplacementLog } from './replacement-log.ts';

export interface RecoveryBenchOptions {
  /** The running stack; its data directory (THERMO_HOME) holds its Kafka classpath and the benchmark's work files. */
  stack: StackOptions;
  readings: number;
  seed: number;
  /** KAFKA_SESSION_TIMEOUT_MS for the services; the environment's, else the product's default, when not given. */
  sessionTimeoutMs?: number;
  /** Seconds the drain, and each replacement until the table reflects its batch, may take. */
  timeoutSeconds: number;
  /** Keeps the namespace's topics, tables and the services' logs. */
  keep: boolean;
  progress: (line: string) => void;
}

/** The bound a replacement is held to: it consumes again within 10 s of the kill. */
export const recoveryTargetSeconds = 10;
/** Sent after each kill: new ids, and corrections of ids held, which only a right local store retracts correctly. */
const batchFresh = 1_000;
const batchCorrections = 500;

/**
 * The scd-writer's recovery: a seeded backlog drained through a fresh namespace's processing chain,
 * then the scd-writer SIGKILLed and replaced twice with the same state directory, its local store
 * kept the first time and deleted the second. After each kill a batch of new ids and corrections is
 * published and the replacement launched; it is timed until ready, until it consumes again and until
 * the table reflects the batch, and its catch-up (or rebuild) is read from its log. At the end the
 * table must equal the expectation and thermo verify's recount must pass. The namespace is deleted
 * at the end, also on Ctrl-C.
 */
export async function benchRecovery(options: RecoveryBenchOptions): Promise<RecoveryBenchReport> {
  const { progress } = options;
  const endpoints = stackEndpoints(options.stack);
  const bench = openBenchNamespace({ endpoints, tools: kafkaTools(options.stack.dataDir, endpoints.kafkaBrokers), keep: options.keep, progress });
  const { name: namespace, database } = bench;
  const workDir = path.join(options.stack.dataDir, 'bench', `recovery_${namespace}`);
  const logDir = path.join(workDir, 'logs');
  const timeoutMs = options.timeoutSeconds * 1000;
  mkdirSync(workDir, { recursive: true });

  progress(`generating ${options.readings} readings (seed ${options.seed}, UUID ids)`);
  const assign = createRegionAssigner({ mode: 'polygon' });
  const backlog = generateBacklog({ count: options.readings, seed: options.seed, corrections: 0, ids: 'uuid', assign });
  const current = currentReadingsOf(backlog);

  let succeeded = false;
  let cleaned: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaned ??= (async () => {
      await bench.cleanUp();
      // A failed run keeps the services' logs to be read; the local store goes in any case.
      if (options.keep) return;
      rmSync(succeeded ? workDir : path.join(workDir, 'scd-state'), { recursive: true, force: true });
    })());
  const interruption = onInterrupt(async () => {
    progress('interrupted: stopping the services and deleting the namespace');
    succeeded = true;
    await cleanUp();
  });

  try {
    const published = await publishBacklog({ brokers: endpoints.kafkaBrokers, registryUrl: endpoints.schemaRegistryUrl, namespace, readings: backlog.readings, progress });
    progress(`starting ${processingChain.join(', ')} in namespace ${namespace} (logs: ${logDir})`);
    const startedAt = Date.now();
    const started = await startBenchServices({
      endpoints,
      namespace,
      services: processingChain,
      logDir,
      environment: options.sessionTimeoutMs === undefined ? {} : { KAFKA_SESSION_TIMEOUT_MS: String(options.sessionTimeoutMs) },
    });
    const services = (bench.services = started.services);
    await started.ready;
    const secondsToReady = (Date.now() - startedAt) / 1000;
    // As the scd-writer reads it: its launch's environment over the benchmark's own.
    const scdWriterLaunch = services.find((service) => service.service === 'scd-writer')!.launch;
    const { sessionTimeoutMs } = loadConfig({ sessionTimeoutMs: kafkaTuningSettings.kafkaSessionTimeoutMs }, serviceEnvironment(scdWriterLaunch.environment));
    progress(`the chain is ready after ${secondsToReady.toFixed(2)} s; the group session timeout is ${sessionTimeoutMs} ms`);
    const drain = await watchDrain({ database, services, startedAt, expectedPoints: backlog.expectedPoints, timeoutMs, progress });
    progress(`the table holds every point after ${drain.seconds.toFixed(2)} s: killing the scd-writer`);

    const recoveries: Recovery[] = [];
    let recent: string[] | undefined;
    for (const [round, store] of (['kept', 'deleted'] as const).entries()) {
      const { recovery, touched } = await replaceScdWriter({
        services,
        store,
        namespace,
        logDir,
        database,
        current,
        timeoutMs,
        progress,
        publish: (readings) => publishBacklog({ brokers: endpoints.kafkaBrokers, registryUrl: endpoints.schemaRegistryUrl, namespace, readings, progress }),
        batch: () => recoveryBatch(current, { seed: options.seed, round, fresh: batchFresh, corrections: batchCorrections, ...(recent ? { recent } : {}), assign }),
      });
      recoveries.push(recovery);
      recent = touched;
    }

    const table = compareAggregates(current.expected, await tableAggregates(database));
    const verify = await verifyUntilSettled(endpoints, namespace);
    const points = expectedPoints(current.expected);
    const report: RecoveryBenchReport = {
      readings: options.readings,
      seed: options.seed,
      namespace,
      sessionTimeoutMs,
      targetSeconds: recoveryTargetSeconds,
      drain: { publishSeconds: published.seconds, secondsToReady, seconds: drain.seconds, readingsPerSecond: options.readings / drain.seconds, expectedPoints: backlog.expectedPoints },
      recoveries,
      expectedPoints: points,
      table: { equal: table.equal, missingPoints: table.missingPoints, extraPoints: table.extraPoints, differences: table.differences },
      verify: { ...verify, passed: verify.differences === 0 && verify.imbalances === 0 && verify.currentReadings === points },
      logDir: options.keep ? logDir : null,
    };
    succeeded = true;
    return report;
  } finally {
    interruption.dispose();
    await cleanUp();
  }
}

/**
 * SIGKILLs the running scd-writer, deletes its local store if asked, publishes a batch and launches
 * a replacement with the same launch (port, environment, state directory), which takes the killed
 * one's place in `services`; then times it until ready, consuming again and its batch in the table.
 */
async function replaceScdWriter(options: {
  services: RunningService[];
  store: Recovery['store'];
  namespace: string;
  logDir: string;
  database: Queryable;
  current: CurrentReadings;
  timeoutMs: number;
  progress: (line: string) => void;
  publish: (readings: ReturnType<typeof recoveryBatch>['readings']) => Promise<{ seconds: number }>;
  batch: () => ReturnType<typeof recoveryBatch>;
}): Promise<{ recovery: Recovery; touched: string[] }> {
  const { services, progress } = options;
  const index = services.findIndex((service) => service.service === 'scd-writer');
  const killed = services[index]!;
  const storeDir = path.join(killed.launch.environment.SCD_STATE_DIR!, options.namespace);
  if (!existsSync(storeDir)) throw new Error(`no local store at ${storeDir}: the scd-writer keeps it elsewhere`);

  const killedAt = Date.now();
  killed.kill('SIGKILL');
  await killed.exited;
  if (options.store === 'deleted') rmSync(storeDir, { recursive: true, force: true });
  // Made after the kill and before the launch: what arrives while the scd-writer is down.
  const batch = options.batch();
  const published = await options.publish(batch.readings);
  const launchedAt = Date.now();
  const replacement = startService(killed.launch, options.logDir, killed.instance);
  services[index] = replacement;
  progress(`scd-writer SIGKILLed (pid ${killed.pid}), its local store ${options.store}; ${batch.fresh} new ids and ${batch.corrections} corrections sent; replacement launched (pid ${replacement.pid})`);

  const watched = await watchReplacement({ services, replacement, launchedAt, database: options.database, expected: options.current.expected, timeoutMs: options.timeoutMs, progress });
  const log = readReplacementLog(readFileSync(replacement.logFile, 'utf8'), replacement.pid);
  const recovery: Recovery = {
    store: options.store,
    batch: { fresh: batch.fresh, corrections: batch.corrections, publishSeconds: published.seconds },
    killToLaunchSeconds: (launchedAt - killedAt) / 1000,
    joinedSeconds: log.joinedAt === null ? null : (log.joinedAt - launchedAt) / 1000,
    readySeconds: watched.readySeconds,
    consumingSeconds: watched.consumingSeconds,
    tableSeconds: watched.tableSeconds,
    catchUp: log.catchUp,
    restoredRecords: watched.restoredRecords,
  };
  progress(
    `replacement with its store ${options.store}: ready after ${recovery.readySeconds.toFixed(2)} s, consuming after ${recovery.consumingSeconds.toFixed(2)} s, ` +
      `the batch in the table after ${recovery.tableSeconds.toFixed(2)} s; local store ${log.catchUp.store} (${log.catchUp.restored} ids in ${log.catchUp.seconds.toFixed(3)} s)`,
  );
  return { recovery, touched: batch.touched };
}

/**
 * Samples the replacement every 100 ms: its /readyz, its consumed-records counter, and the table
 * against the expectation, each moment taken the first time it holds. Fails when a service exits
 * or the deadline passes.
 */
async function watchReplacement(options: {
  services: readonly RunningService[];
  replacement: RunningService;
  launchedAt: number;
  database: Queryable;
  expected: Aggregates;
  timeoutMs: number;
  progress: (line: string) => void;
}): Promise<{ readySeconds: number; consumingSeconds: number; tableSeconds: number; restoredRecords: number }> {
  const { replacement, launchedAt } = options;
  const exits = exitWatch(options.services);
  const since = (at: number) => (at - launchedAt) / 1000;
  let readyAt: number | undefined;
  let consumingAt: number | undefined;
  let tableAt: number | undefined;
  let restoredRecords = 0;
  let lastReport = launchedAt;
  for (;;) {
    if (readyAt === undefined && (await getFromService(replacement.port, '/readyz', 1_000))?.status === 200) readyAt = Date.now();
    const metrics = await getFromService(replacement.port, '/metrics', 1_000);
    if (metrics?.status === 200) {
      restoredRecords = metricTotal(metrics.text, 'thermostream_state_restored_records_total');
      if (consumingAt === undefined && metricTotal(metrics.text, 'thermostream_records_consumed_total') > 0) consumingAt = Date.now();
    }
    if (tableAt === undefined && consumingAt !== undefined && compareAggregates(options.expected, await tableAggregates(options.database)).equal) tableAt = Date.now();
    if (readyAt !== undefined && consumingAt !== undefined && tableAt !== undefined) {
      return { readySeconds: since(readyAt), consumingSeconds: since(consumingAt), tableSeconds: since(tableAt), restoredRecords };
    }
    const failure = exits.failure(`while the scd-writer was replaced; see ${replacement.logFile}`);
    if (failure) throw failure;
    const waiting = [readyAt === undefined ? 'ready' : '', consumingAt === undefined ? 'consuming' : '', tableAt === undefined ? 'the batch in the table' : ''].filter(Boolean).join(', ');
    if (Date.now() - launchedAt > options.timeoutMs) {
      throw new Error(`the replacement scd-writer was not yet ${waiting} ${Math.round(options.timeoutMs / 1000)} s after its launch; see ${replacement.logFile}`);
    }
    if (Date.now() - lastReport >= 5_000) {
      lastReport = Date.now();
      options.progress(`${since(lastReport).toFixed(0)} s after the launch: waiting for ${waiting}`);
    }
    await untilNextSample(launchedAt, sampleIntervalMs);
  }
}
