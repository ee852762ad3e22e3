import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { bundledBoundaries, createRegionAssigner } from '@thermostream/regions';
import { stackEndpoints, type StackOptions } from '@thermostream/stack';
import { onInterrupt } from '../namespace/clean-up.ts';
import { kafkaTools } from '../namespace/kafka-tools.ts';
import { eventHours, type IdStyle, type PartnerReading } from '../reading-generator.ts';
import { generateBacklog, jsonLine, type Backlog } from './backlog.ts';
import { compareTables, type RegionHourRow } from './compare-tables.ts';
import { cpuListOf } from './cpu-affinity.ts';
import { cpuPerReading } from './cpu-per-reading.ts';
import { secondsToFirstPoint, steadyReadingsPerSecond, type ProgressSample } from './drain-progress.ts';
import {
  anchorModeName,
  anchorRunDir,
  anchorServers,
  checkAnchorPorts,
  readFlinkTable,
  runFlinkAnchor,
  stopAnchorServers,
  writableAnchor,
  type AnchorMode,
  type FlinkRun,
  type HistoryStore,
} from './flink-anchor.ts';
import type { AnchorArm, BenchRun, PipelineBenchReport, ProductArm } from './pipeline-report.ts';
import { productArm } from './product-arm.ts';
import { progressChart } from './progress-chart.ts';
import { waitForQuietMachine, type QuietWait } from './quiet-machine.ts';
import { armOrder } from './run-order.ts';
import { summarizeRatio, summarizeSide } from './run-summary.ts';
import { stackServers } from './server-usage.ts';
import { medianRun } from './spread.ts';

export interface PipelineBenchOptions {
  /** The running stack; its data directory (THERMO_HOME) holds its Kafka classpath, and the benchmark's work files and chart. */
  stack: StackOptions;
  readings: number;
  seed: number;
  corrections: number;
  ids: IdStyle;
  /** Drains of the backlog by each side, the order alternating from one run to the next. */
  runs: number;
  /** Holds the product's services and its stack's servers to this many cores. */
  cpus?: number;
  /** The Flink anchor's folder (with run.sh), run on the same readings; with corrections, in its versions mode too. */
  anchorDir?: string;
  /** Where the anchor's versions mode keeps the history. */
  history: HistoryStore;
  chartFile?: string;
  timeoutSeconds: number;
  /** Keeps the namespaces' topics, tables, logs and the readings for inspection. */
  keep: boolean;
  /** Samples each service's CPU (a .cpuprofile each) and reports where its time went during the drain. */
  profile: boolean;
  progress: (line: string) => void;
}

/** Where the anchor's writable copy lives between runs, with its build, broker and PostgreSQL, so it builds once. */
const anchorWorkRoot = path.join(tmpdir(), 'thermostream-bench-anchor');
/** Disagreements listed in the report; the count covers them all. */
const disagreementsListed = 20;

type ArmName = 'thermostream' | AnchorMode;
type ArmOutcome = { product: ProductArm; rows: RegionHourRow[]; samples: ProgressSample[] } | { anchor: Omit<AnchorArm, 'comparison'>; rows: RegionHourRow[]; samples: ProgressSample[] };

/**
 * The throughput benchmark: one seeded backlog drained by the product (a fresh namespace each
 * time) and, with an anchor, by the Flink job in the same runs, each arm starting once the
 * servers have settled and the order alternating from run to run; per-run figures, medians and
 * ranges, the product's ratio to each anchor mode, and the CPU each side spent per reading.
 */
export async function benchPipeline(options: PipelineBenchOptions): Promise<PipelineBenchReport> {
  const { progress } = options;
  const cpuList = options.cpus === undefined ? undefined : cpuListOf(options.cpus, availableParallelism());
  const { dataDir } = options.stack;
  const tools = kafkaTools(dataDir, stackEndpoints(options.stack).kafkaBrokers);
  const workDir = path.join(dataDir, 'bench', `pipeline_${randomBytes(4).toString('hex')}`);
  const chart = options.chartFile ?? path.join(dataDir, 'bench', 'pipeline.svg');
  mkdirSync(workDir, { recursive: true });

  progress(`generating ${options.readings} readings (seed ${options.seed}, ${options.ids} ids, ${eventHours} h of event time)`);
  const backlog = generateBacklog({ count: options.readings, seed: options.seed, corrections: options.corrections, ids: options.ids, assign: createRegionAssigner({ mode: 'polygon' }) });
  const jsonLines = path.join(workDir, 'readings.jsonl');
  writeJsonLines(jsonLines, backlog.readings);

  // The plain job counts every version; with corrections, its versions mode does the product's work too.
  const anchorModes: AnchorMode[] = options.anchorDir === undefined ? [] : [{ versions: false }, ...(options.corrections > 0 ? [{ versions: true, history: options.history } as const] : [])];
  const anchorCopy = options.anchorDir === undefined ? undefined : writableAnchor(options.anchorDir, anchorWorkRoot);
  if (anchorCopy !== undefined) await checkAnchorPorts(anchorCopy);
  const watchedServers = async () => {
    const stack = await stackServers(options.stack);
    return () => [...stack, ...(anchorCopy === undefined ? [] : anchorServers(anchorRunDir(anchorCopy)))];
  };
  const waitForQuiet = async (arm: string): Promise<QuietWait> => {
    const wait = await waitForQuietMachine(await watchedServers());
    progress(`${arm}: ${wait.settled ? 'the servers settled' : 'the servers did not settle'} after ${wait.waitedSeconds.toFixed(1)} s`);
    return wait;
  };

  let stopCurrent: (() => Promise<void>) | undefined;
  // Once: Ctrl-C and the run's own ending may both ask.
  let anchorStopped: Promise<void> | undefined;
  const stopAnchor = () => (anchorStopped ??= anchorCopy === undefined ? Promise.resolve() : stopAnchorServers(anchorCopy, progress));
  const interruption = onInterrupt(async () => {
    progress("interrupted: stopping the services, deleting the namespace and stopping the anchor's broker and PostgreSQL");
    await stopCurrent?.();
    await stopAnchor();
  });

  const armOutcome = async (arm: ArmName): Promise<ArmOutcome> => {
    if (arm === 'thermostream') {
      const product = productArm({
        stack: options.stack,
        tools,
        readings: backlog.readings,
        expectedPoints: backlog.expectedPoints,
        workDir,
        timeoutSeconds: options.timeoutSeconds,
        keep: options.keep,
        profile: options.profile,
        cpuList,
        waitForQuiet: () => waitForQuiet('thermostream'),
        progress,
      });
      stopCurrent = product.cleanUp;
      const result = await product.run();
      return { product: result.figures, rows: result.rows, samples: result.samples };
    }
    return anchorArm(arm);
  };

  const anchorArm = async (mode: AnchorMode): Promise<ArmOutcome> => {
    const name = anchorModeName(mode);
    const quietWait = await waitForQuiet(name);
    progress(`running ${name} on the same ${options.readings} readings (the first run builds the job with Maven)`);
    const expectedPoints = mode.versions ? backlog.expectedPoints : backlog.pointsOfEveryVersion;
    const flink = runFlinkAnchor({
      anchorCopy: anchorCopy!,
      jsonLines,
      readings: options.readings,
      mode,
      expectedPoints,
      expectedVersions: backlog.validVersions,
      geojson: bundledBoundaries,
      timeoutSeconds: options.timeoutSeconds,
      progress,
    });
    stopCurrent = async () => flink.stop();
    const run = await flink.done;
    const rows = await readFlinkTable();
    return { anchor: { ...anchorFigures(run, mode, expectedPoints, backlog), quietWait }, rows, samples: run.progress };
  };

  let succeeded = false;
  try {
    const runs: BenchRun[] = [];
    const series: { label: string; samples: ProgressSample[] }[][] = [];
    for (let index = 0; index < options.runs; index += 1) {
      const order = armOrder<ArmName>(['thermostream', ...anchorModes], index);
      progress(`run ${index + 1} of ${options.runs}: ${order.map(armName).join(', then ')}`);
      const outcomes = new Map<ArmName, ArmOutcome>();
      for (const arm of order) outcomes.set(arm, await armOutcome(arm));
      const product = outcomes.get('thermostream') as Extract<ArmOutcome, { product: ProductArm }>;
      const anchors = anchorModes.map((mode) => {
        const outcome = outcomes.get(mode) as Extract<ArmOutcome, { anchor: unknown }>;
        // The plain job counts every version: with corrections its table is not the product's.
        const comparable = mode.versions || options.corrections === 0;
        return { ...outcome.anchor, comparison: comparable ? comparisonOf(product.rows, outcome.rows) : null };
      });
      runs.push({ run: index + 1, order: order.map(armName), product: product.product, anchors });
      series.push([
        { label: 'thermostream (from service launch)', samples: product.samples },
        ...anchorModes.map((mode) => ({ label: `${anchorModeName(mode)} (from job submission)`, samples: outcomes.get(mode)!.samples })),
      ]);
    }

    const chartRun = medianRun(runs.map((run) => run.product.seconds));
    mkdirSync(path.dirname(chart), { recursive: true });
    writeFileSync(chart, progressChart(`${options.readings.toLocaleString('en-US')} readings: points in region_hourly_temperature (run ${chartRun + 1})`, series[chartRun]!));
    const products = runs.map((run) => run.product);
    const report: PipelineBenchReport = {
      readings: options.readings,
      seed: options.seed,
      corrections: options.corrections,
      ids: options.ids,
      eventHours,
      cpus: options.cpus ?? null,
      expectedPoints: backlog.expectedPoints,
      validVersions: backlog.validVersions,
      jsonLines: options.keep ? jsonLines : null,
      runs,
      summary: {
        product: summarizeSide(products),
        anchors: anchorModes.map((mode, modeIndex) => {
          const anchors = runs.map((run) => run.anchors[modeIndex]!);
          return { mode: anchorModeName(mode), ...summarizeSide(anchors), ratio: summarizeRatio(products, anchors) };
        }),
      },
      chartRun: chartRun + 1,
      chart,
    };
    succeeded = true;
    return report;
  } finally {
    interruption.dispose();
    await stopCurrent?.();
    await stopAnchor();
    // The logs and readings are what a failed run is read from; a successful one leaves only its chart (and its profiles).
    if (succeeded && !options.keep && !options.profile) rmSync(workDir, { recursive: true, force: true });
  }
}

const armName = (arm: ArmName) => (arm === 'thermostream' ? arm : anchorModeName(arm));

function comparisonOf(productRows: readonly RegionHourRow[], anchorRows: readonly RegionHourRow[]): AnchorArm['comparison'] {
  const comparison = compareTables(productRows, anchorRows);
  return { ...comparison, disagreementCount: comparison.disagreements.length, disagreements: comparison.disagreements.slice(0, disagreementsListed) };
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

function anchorFigures(run: FlinkRun, mode: AnchorMode, expectedPoints: number, backlog: Backlog): Omit<AnchorArm, 'comparison' | 'quietWait'> {
  const detail = (name: string) => {
    const value = Number(run.result.details[name]);
    return Number.isFinite(value) ? value : null;
  };
  const parts = [
    { name: 'flink JVM', cpuSeconds: detail('flink_cpu_s') ?? Number.NaN },
    { name: 'flink broker', cpuSeconds: run.brokerCpuSeconds ?? Number.NaN },
    { name: 'flink postgres', cpuSeconds: detail('pg_cpu_s') ?? Number.NaN },
  ];
  // A job that never completed its table (run.sh: done=no, or settled at another count) has no drain
  // rate: its time and CPU would otherwise enter the medians and ratios as if it had.
  const finished = run.result.details.done === undefined || run.result.details.done === 'yes';
  const cpu = cpuPerReading(parts, run.result.readings);
  return {
    clock: 'job submission to complete table',
    mode: anchorModeName(mode),
    versions: mode.versions,
    history: mode.versions ? mode.history : null,
    expectedPoints,
    expectedVersions: mode.versions ? backlog.validVersions : null,
    finished,
    seconds: finished ? run.result.seconds : Number.NaN,
    readingsPerSecond: finished ? run.result.readingsPerSecond : Number.NaN,
    steadyReadingsPerSecond: finished ? (detail('steady_readings_per_s') ?? steadyReadingsPerSecond(run.progress, expectedPoints, run.result.readings) ?? null) : null,
    secondsToFirstRow: detail('submit_to_first_row_s') ?? secondsToFirstPoint(run.progress) ?? null,
    peakRssMegabytes: detail('peak_rss_mb'),
    cpu: finished ? cpu : { ...cpu, microsPerReading: Number.NaN },
    correct: run.result.correct,
    details: run.result.details,
  };
}
