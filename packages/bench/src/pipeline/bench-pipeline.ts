import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDatabase, type Database } from '@thermostream/postgres';
import { bundledBoundaries, createRegionAssigner } from '@thermostream/regions';
import { cleanUpNamespace, onInterrupt } from '../namespace/clean-up.ts';
import { cpuProfileNodeOptions, profileClockMicros, summarizeProfileOf } from '../profiler/cpu-profiler.ts';
import { kafkaTools } from '../namespace/kafka-tools.ts';
import type { PartnerReading } from '../reading-generator.ts';
import type { BenchService, ServiceRunner, VerifyOutcome } from '../service-runner.ts';
import { generateBacklog, jsonLine } from './backlog.ts';
import { compareTables, type RegionHourRow } from './compare-tables.ts';
import { secondsToFirstPoint, steadyReadingsPerSecond } from './drain-progress.ts';
import { readFlinkTable, runFlinkAnchor, writableAnchor, type FlinkRun } from './flink-anchor.ts';
import type { PipelineBenchReport } from './pipeline-report.ts';
import { progressChart } from './progress-chart.ts';
import { publishBacklog } from './publish-backlog.ts';
import { serverUsageMeter } from './server-usage.ts';
import { watchDrain } from './watch-drain.ts';

export interface PipelineBenchOptions {
  /** THERMO_HOME: the stack's Kafka classpath, and the benchmark's work files and chart. */
  dataDir: string;
  readings: number;
  seed: number;
  corrections: number;
  /** The Flink anchor's folder (with run.sh), run on the same readings after the product. */
  anchorDir?: string;
  chartFile?: string;
  timeoutSeconds: number;
  /** Keeps the namespace's topics, tables, logs and readings for inspection. */
  keep: boolean;
  /** Samples each service's CPU (a .cpuprofile each) and reports where its time went during the drain. */
  profile: boolean;
  progress: (line: string) => void;
}

/** Where the anchor's writable copy, its broker and its PostgreSQL live between runs, so it builds once. */
const anchorWorkRoot = path.join(tmpdir(), 'thermostream-bench-anchor');
/** Disagreements listed in the report; the count covers them all. */
const disagreementsListed = 20;
/** Functions and packages listed per service in a profiled run: self time from launch is mostly start-up, so only the drain's samples count. */
const profileTop = 5;
/** How long verify may wait for the last deltas to settle once the table is complete. */
const verifyDeadlineMs = 30_000;

/**
 * The throughput benchmark: a backlog of generated readings published to a fresh namespace's
 * readings.raw, then that namespace's processing chain started and timed until its
 * region_hourly_temperature holds every expected point; with an anchor, the Flink job on the same
 * readings, its table compared row by row.
 */
export async function benchPipeline(options: PipelineBenchOptions, runner: ServiceRunner): Promise<PipelineBenchReport> {
  const { progress } = options;
  if (options.anchorDir !== undefined && options.corrections > 0) {
    throw new Error('--anchor needs a backlog without corrections: the Flink job has no versions and would count every correction as one more reading');
  }
  const endpoints = runner.endpoints;
  const tools = kafkaTools(options.dataDir, endpoints.kafkaBrokers);
  const namespace = `bench_${randomBytes(4).toString('hex')}`;
  const workDir = path.join(options.dataDir, 'bench', namespace);
  const chart = options.chartFile ?? path.join(options.dataDir, 'bench', 'pipeline.svg');
  const profileDir = path.join(workDir, 'profile');
  mkdirSync(workDir, { recursive: true });

  progress(`generating ${options.readings} readings (seed ${options.seed})`);
  const backlog = generateBacklog({ count: options.readings, seed: options.seed, corrections: options.corrections, assign: createRegionAssigner({ mode: 'polygon' }) });
  const jsonLines = path.join(workDir, 'readings.jsonl');
  writeJsonLines(jsonLines, backlog.readings);

  let services: BenchService[] = [];
  let flink: ReturnType<typeof runFlinkAnchor> | undefined;
  const database = createDatabase({ databaseUrl: endpoints.postgresUrl, poolSize: 1, schema: namespace, applicationName: 'thermo-bench' });
  let cleaned: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaned ??= (async () => {
      flink?.stop();
      await Promise.all(services.map((service) => service.stop()));
      if (!options.keep) await cleanUpNamespace({ namespace, tools, registryUrl: endpoints.schemaRegistryUrl, database, progress });
      await database.close();
    })());
  const interruption = onInterrupt(() => {
    progress('interrupted: stopping the services and deleting the namespace');
    return cleanUp();
  });
  let succeeded = false;
  try {
    const published = await publishBacklog({ brokers: endpoints.kafkaBrokers, registryUrl: endpoints.schemaRegistryUrl, namespace, readings: backlog.readings, progress });

    progress(`starting ${runner.processingChain.join(', ')} in namespace ${namespace} (logs: ${path.join(workDir, 'logs')})`);
    const servers = serverUsageMeter(await runner.stackServers());
    const startedAt = Date.now();
    const started = await runner.start({
      namespace,
      services: runner.processingChain,
      logDir: path.join(workDir, 'logs'),
      // The expectation is computed with the bundled polygons: the partitioner must not inherit another choice.
      environment: {
        REGION_MODE: 'polygon',
        REGIONS_GEOJSON: 'bundled',
        ...(options.profile ? { NODE_OPTIONS: cpuProfileNodeOptions(profileDir) } : {}),
      },
    });
    services = started.services;
    await started.ready;
    const secondsToReady = (Date.now() - startedAt) / 1000;
    const drainWindow = { fromMicros: profileClockMicros(), toMicros: 0 };
    const drain = await watchDrain({ database, services, startedAt, expectedPoints: backlog.expectedPoints, timeoutMs: options.timeoutSeconds * 1000, progress });
    drainWindow.toMicros = profileClockMicros();
    const stack = servers.stop();
    progress(`the table holds every point after ${drain.seconds.toFixed(2)} s`);
    const verify = await verifyUntilSettled(runner, namespace);
    const productRows = await readProductTable(database);
    await Promise.all(services.map((service) => service.stop()));
    const profiles = options.profile ? services.map((service) => ({ service: service.service, ...summarizeProfileOf(profileDir, service.pid, profileTop, drainWindow) })) : undefined;

    const report: PipelineBenchReport = {
      namespace,
      readings: options.readings,
      seed: options.seed,
      corrections: options.corrections,
      expectedPoints: backlog.expectedPoints,
      jsonLines: options.keep ? jsonLines : null,
      publishSeconds: published.seconds,
      product: {
        clock: 'service launch to complete table',
        secondsToReady,
        seconds: drain.seconds,
        readingsPerSecond: options.readings / drain.seconds,
        steadyReadingsPerSecond: steadyReadingsPerSecond(drain.samples, backlog.expectedPoints, options.readings) ?? null,
        secondsToFirstRow: secondsToFirstPoint(drain.samples) ?? null,
        peakRssMegabytes: drain.peakRssMegabytes,
        services: drain.services,
        stack,
        verify: { ...verify, passed: verify.differences === 0 && verify.imbalances === 0 && verify.currentReadings === backlog.expectedPoints },
        ...(profiles ? { profiles } : {}),
      },
      chart,
    };
    const series = [{ label: `thermostream (from service launch)`, samples: drain.samples }];

    if (options.anchorDir !== undefined) {
      progress(`running the Flink anchor on the same ${options.readings} readings (the first run builds it with Maven)`);
      flink = runFlinkAnchor({
        anchorCopy: writableAnchor(options.anchorDir, anchorWorkRoot),
        runDir: path.join(anchorWorkRoot, 'run'),
        jsonLines,
        readings: options.readings,
        expectedPoints: backlog.expectedPoints,
        geojson: bundledBoundaries,
        progress,
      });
      const run = await flink.done;
      const comparison = compareTables(productRows, await readFlinkTable());
      report.anchor = { ...flinkFigures(run, backlog.expectedPoints), comparison: { ...comparison, disagreementCount: comparison.disagreements.length, disagreements: comparison.disagreements.slice(0, disagreementsListed) } };
      report.ratio = {
        readingsPerSecond: report.product.readingsPerSecond / report.anchor.readingsPerSecond,
        steadyReadingsPerSecond:
          report.product.steadyReadingsPerSecond !== null && report.anchor.steadyReadingsPerSecond !== null
            ? report.product.steadyReadingsPerSecond / report.anchor.steadyReadingsPerSecond
            : null,
      };
      series.push({ label: 'Flink (from job submission)', samples: run.progress });
    }
    mkdirSync(path.dirname(chart), { recursive: true });
    writeFileSync(chart, progressChart(`${options.readings.toLocaleString('en-US')} readings: points in region_hourly_temperature`, series));
    succeeded = true;
    return report;
  } finally {
    interruption.dispose();
    await cleanUp();
    // The logs and readings are what a failed run is read from; a successful one leaves only its chart (and its profiles).
    if (succeeded && !options.keep && !options.profile) rmSync(workDir, { recursive: true, force: true });
  }
}

function writeJsonLines(file: string, readings: readonly PartnerReading[]): void {
  const descriptor = openSync(file, 'w');
  try {
    for (let from = 0; from < readings.length; from += 10_000) {
      writeSync(descriptor, `${readings.slice(from, from + 10_000).map(jsonLine).join('\n')}\n`);
    }
  } finally {
    closeSync(descriptor);
  }
}

/** The table is complete before the last deltas' bookkeeping is: retry verify until it passes or the deadline. */
async function verifyUntilSettled(runner: ServiceRunner, namespace: string): Promise<VerifyOutcome> {
  const deadline = Date.now() + verifyDeadlineMs;
  for (;;) {
    const outcome = await runner.verify(namespace);
    if ((outcome.differences === 0 && outcome.imbalances === 0) || Date.now() > deadline) return outcome;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function readProductTable(database: Database): Promise<RegionHourRow[]> {
  const { rows } = await database.query<{ region_code: string; hour: Date; temperature: string; number_of_points: number }>(
    'SELECT region_code, hour, temperature, number_of_points FROM region_hourly_temperature',
  );
  return rows.map((row) => ({ regionCode: row.region_code, hour: row.hour.toISOString(), temperature: Number(row.temperature), numberOfPoints: row.number_of_points }));
}

function flinkFigures(run: FlinkRun, expectedPoints: number) {
  const detail = (name: string) => {
    const value = Number(run.result.details[name]);
    return Number.isFinite(value) ? value : null;
  };
  return {
    clock: 'job submission to complete table' as const,
    seconds: run.result.seconds,
    readingsPerSecond: run.result.readingsPerSecond,
    steadyReadingsPerSecond: detail('steady_readings_per_s') ?? steadyReadingsPerSecond(run.progress, expectedPoints, run.result.readings) ?? null,
    secondsToFirstRow: detail('submit_to_first_row_s') ?? secondsToFirstPoint(run.progress) ?? null,
    peakRssMegabytes: detail('peak_rss_mb'),
    details: run.result.details,
  };
}
