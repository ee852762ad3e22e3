import { parseArgs } from 'node:util';
import { benchLive, benchPipeline, historyStores, idStyles, renderLiveBenchReport, renderPipelineBenchReport } from '@thermostream/bench';
import { stackOptionsOf, type CliConfig } from '../cli-config.ts';
import { positiveInteger } from './options.ts';

const usage = `thermo bench pipeline [--readings N] [--seed S] [--corrections F] [--ids uuid|sequential] [--runs N]
                      [--anchor DIR [--history postgres|parquet]] [--cpus N] [--chart FILE] [--timeout S]
                      [--keep] [--profile] [--json]
       thermo bench pipeline --live [--seconds S] [--rate R] [--connections N] [--batch N] [--seed S]
                      [--chart FILE] [--timeout S] [--keep] [--json]
  Generates N readings (90 % in France, 8 % abroad, 2 % invalid; F of them corrections, none by
  default; random UUID ids, seeded; event times over 24 hours), writes them as JSON lines, publishes
  them as a backlog to a fresh namespace's readings.raw (one Avro record per reading, keyed by id),
  waits for the stack's servers to settle, then starts that namespace's processing chain and times
  it from launch until region_hourly_temperature holds every expected point. Prints readings/s,
  the steady rate between 20 % and 90 % of the points, the time to the first row, each service's
  busy cores and CPU seconds, the services' peak RSS (summed), the CPU per reading of every process
  (services, broker, registry, PostgreSQL), and whether thermo verify passes. Stops the services
  and deletes the namespace at the end, also on Ctrl-C.
  --runs N      drains the backlog N times on each side, in a fresh namespace each time, the order
                of the sides alternating; prints every run, then medians with their range.
  --anchor DIR  runs the Flink anchor in DIR (its run.sh) on the same JSON lines in every run too,
                compares its table with the product's row by row and prints the ratio of the drain
                rates and of the CPU per reading (its JVM, its broker and its PostgreSQL). With
                --corrections, its versions mode (VERSIONS=1, the product's work) runs beside its
                plain one, its history in PostgreSQL or, with --history parquet, in Parquet files.
                Its broker and PostgreSQL are stopped at the end. The first run builds the job with
                Maven (minutes).
  --ids sequential  the ids earlier runs used (gen-<seed>-<n>), the readings otherwise the same.
  --cpus N      holds the product's services and its stack's servers to N cores (taskset).
  --chart FILE  SVG of points in the table over time, for the run with the median drain (default:
                bench/pipeline.svg under THERMO_HOME).
  --keep        keeps the namespaces' topics, tables, logs and the JSON lines.
  --profile     samples each service's CPU (a .cpuprofile each, kept) and prints the functions and
                packages that took the most of it while the backlog drained.
  Defaults: 1,000,000 readings, seed 1, no corrections, uuid ids, 1 run, a 600 s timeout.
  --live        instead, the whole pipeline (http-ingest too) in a fresh namespace under POSTs of
                --batch generated readings (the same mix) over N connections for S seconds: as
                fast as the pipeline keeps up (senders wait while the table is 50,000 points
                behind), or R readings/s. Prints sustained end-to-end readings/s and freshness, the
                time from a request's 2xx until the table caught up with it, at p50 and p99; the
                timeout counts after the load. Defaults: 60 s, 8 connections, 500 readings a request.`;

export async function benchPipelineCommand(args: string[], config: CliConfig): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      readings: { type: 'string', default: '1000000' },
      live: { type: 'boolean', default: false },
      seconds: { type: 'string', default: '60' },
      rate: { type: 'string' },
      connections: { type: 'string', default: '8' },
      batch: { type: 'string', default: '500' },
      seed: { type: 'string', default: '1' },
      corrections: { type: 'string', default: '0' },
      ids: { type: 'string', default: 'uuid' },
      runs: { type: 'string', default: '1' },
      cpus: { type: 'string' },
      history: { type: 'string', default: 'postgres' },
      anchor: { type: 'string' },
      chart: { type: 'string' },
      timeout: { type: 'string', default: '600' },
      keep: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const progress = (line: string) => console.error(`bench pipeline: ${line}`);
  const stack = stackOptionsOf(config);
  if (values.live) {
    const report = await benchLive({
      stack,
      seconds: positiveInteger(values.seconds, 'seconds', usage),
      rate: values.rate === undefined ? undefined : positiveInteger(values.rate, 'rate', usage),
      seed: positiveInteger(values.seed, 'seed', usage),
      connections: positiveInteger(values.connections, 'connections', usage),
      readingsPerRequest: positiveInteger(values.batch, 'batch', usage),
      chartFile: values.chart,
      timeoutSeconds: positiveInteger(values.timeout, 'timeout', usage),
      keep: values.keep,
      progress,
    });
    console.log(values.json ? JSON.stringify(report, null, 2) : renderLiveBenchReport(report));
    if (!report.verify.passed) process.exitCode = 1;
    return;
  }
  const corrections = Number(values.corrections);
  if (!Number.isFinite(corrections) || corrections < 0 || corrections >= 0.5) throw new Error(`--corrections must be a share from 0 to 0.5\n${usage}`);
  const ids = idStyles.find((style) => style === values.ids);
  if (ids === undefined) throw new Error(`--ids must be ${idStyles.join(' or ')}, not ${values.ids}\n${usage}`);
  const history = historyStores.find((store) => store === values.history);
  if (history === undefined) throw new Error(`--history must be ${historyStores.join(' or ')}, not ${values.history}\n${usage}`);
  if (history !== 'postgres' && (values.anchor === undefined || corrections === 0)) {
    throw new Error(`--history is where the anchor's versions mode keeps versions: it needs --anchor and --corrections\n${usage}`);
  }
  const report = await benchPipeline({
    stack,
    readings: positiveInteger(values.readings, 'readings', usage),
    seed: positiveInteger(values.seed, 'seed', usage),
    corrections,
    ids,
    runs: positiveInteger(values.runs, 'runs', usage),
    ...(values.cpus === undefined ? {} : { cpus: positiveInteger(values.cpus, 'cpus', usage) }),
    history,
    anchorDir: values.anchor,
    chartFile: values.chart,
    timeoutSeconds: positiveInteger(values.timeout, 'timeout', usage),
    keep: values.keep,
    profile: values.profile,
    progress,
  });
  console.log(values.json ? JSON.stringify(report, null, 2) : renderPipelineBenchReport(report));
  if (report.runs.some((run) => !run.product.verify.passed)) process.exitCode = 1;
}
