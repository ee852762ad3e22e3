import { benchLive, benchPipeline, historyStores, idStyles, renderLiveBenchReport, renderPipelineBenchReport } from '@thermostream/bench';
import { stackOptionsOf, type CliConfig } from '../cli-config.ts';
import { declareCommand } from '../command-line.ts';

const command = declareCommand({
  name: 'thermo bench pipeline',
  summary: `Generates N readings (90 % in France, 8 % abroad, 2 % invalid; F of them corrections; random UUID
ids, seeded; event times over 24 hours), writes them as JSON lines, publishes them as a backlog to
a fresh namespace's readings.raw (one Avro record per reading, keyed by id), waits for the stack's
servers to settle, then starts that namespace's processing chain and times it from launch until
region_hourly_temperature holds every expected point. Prints readings/s, the steady rate between
20 % and 90 % of the points, the time to the first row, each service's busy cores and CPU seconds,
the services' peak RSS (summed), the CPU per reading of every process (services, broker,
registry, PostgreSQL), and whether thermo verify passes. Stops the services and deletes the
namespace at the end, also on Ctrl-C.
With --live, instead: the whole pipeline (http-ingest too) in a fresh namespace under POSTs of
--batch generated readings (the same mix) over --connections for --seconds: as fast as the
pipeline keeps up (senders wait while the table is 50,000 points behind), or --rate readings/s.
Prints sustained end-to-end readings/s and freshness, the time from a request's 2xx until the
table caught up with it, at p50 and p99.`,
  options: {
    readings: { type: 'string', placeholder: 'N', description: 'readings in the backlog', default: '1000000' },
    seed: { type: 'string', placeholder: 'S', description: 'seed of the generated readings', default: '1' },
    corrections: { type: 'string', placeholder: 'F', description: 'share of the readings that correct an earlier one (0 to 0.5)', default: '0' },
    ids: {
      type: 'string',
      placeholder: idStyles.join('|'),
      description: `random UUIDs, or the ids earlier runs used (gen-<seed>-<n>),
the readings otherwise the same`,
      default: 'uuid',
    },
    runs: {
      type: 'string',
      placeholder: 'N',
      description: `drains of the backlog by each side, in a fresh namespace each time,
the order of the sides alternating; prints every run, then medians
with their range`,
      default: '1',
    },
    anchor: {
      type: 'string',
      placeholder: 'DIR',
      description: `runs the Flink anchor in DIR (its run.sh) on the same JSON lines in
every run too, compares its table with the product's row by row and
prints the ratio of the drain rates and of the CPU per reading (its
JVM, its broker and its PostgreSQL). With --corrections, its versions
mode (VERSIONS=1, the product's work) runs beside its plain one. Its
broker and PostgreSQL are stopped at the end. The first run builds the
job with Maven (minutes).`,
    },
    history: {
      type: 'string',
      placeholder: historyStores.join('|'),
      description: `where the anchor's versions mode keeps the history
(with --anchor and --corrections)`,
      default: 'postgres',
    },
    cpus: { type: 'string', placeholder: 'N', description: "holds the product's services and its stack's servers to N cores (taskset)" },
    profile: {
      type: 'boolean',
      description: `samples each service's CPU (a .cpuprofile each, kept) and prints the
functions and packages that took the most of it while the backlog
drained`,
    },
    live: { type: 'boolean', description: 'live load through the whole pipeline instead of a backlog (see above)' },
    seconds: { type: 'string', placeholder: 'S', description: 'with --live: seconds of load', default: '60' },
    rate: { type: 'string', placeholder: 'R', description: 'with --live: readings a second (default: as many as the pipeline takes)' },
    connections: { type: 'string', placeholder: 'N', description: 'with --live: concurrent connections', default: '8' },
    batch: { type: 'string', placeholder: 'N', description: 'with --live: readings a request', default: '500' },
    chart: {
      type: 'string',
      placeholder: 'FILE',
      description: `SVG of points in the table over time, for the run with the median
drain (default: bench/pipeline.svg under THERMO_HOME, bench/live.svg
with --live)`,
    },
    timeout: { type: 'string', placeholder: 'S', description: 'seconds a drain may take (with --live: after the load)', default: '600' },
    keep: { type: 'boolean', description: "keeps the namespaces' topics, tables, logs and the JSON lines" },
    json: { type: 'boolean', description: 'the report as JSON' },
  },
});

export async function benchPipelineCommand(args: string[], config: CliConfig): Promise<void> {
  const parsed = command.parse(args);
  if (!parsed) return;
  const { values } = parsed;
  const progress = (line: string) => console.error(`bench pipeline: ${line}`);
  const stack = stackOptionsOf(config);
  if (values.live) {
    const report = await benchLive({
      stack,
      seconds: command.positiveInteger(values.seconds, 'seconds'),
      rate: values.rate === undefined ? undefined : command.positiveInteger(values.rate, 'rate'),
      seed: command.positiveInteger(values.seed, 'seed'),
      connections: command.positiveInteger(values.connections, 'connections'),
      readingsPerRequest: command.positiveInteger(values.batch, 'batch'),
      chartFile: values.chart,
      timeoutSeconds: command.positiveInteger(values.timeout, 'timeout'),
      keep: values.keep,
      progress,
    });
    console.log(values.json ? JSON.stringify(report, null, 2) : renderLiveBenchReport(report));
    if (!report.verify.passed) process.exitCode = 1;
    return;
  }
  const corrections = Number(values.corrections);
  if (!Number.isFinite(corrections) || corrections < 0 || corrections >= 0.5) throw command.usageError('--corrections must be a share from 0 to 0.5');
  const ids = idStyles.find((style) => style === values.ids);
  if (ids === undefined) throw command.usageError(`--ids must be ${idStyles.join(' or ')}, not ${values.ids}`);
  const history = historyStores.find((store) => store === values.history);
  if (history === undefined) throw command.usageError(`--history must be ${historyStores.join(' or ')}, not ${values.history}`);
  if (history !== 'postgres' && (values.anchor === undefined || corrections === 0)) {
    throw command.usageError("--history is where the anchor's versions mode keeps versions: it needs --anchor and --corrections");
  }
  const report = await benchPipeline({
    stack,
    readings: command.positiveInteger(values.readings, 'readings'),
    seed: command.positiveInteger(values.seed, 'seed'),
    corrections,
    ids,
    runs: command.positiveInteger(values.runs, 'runs'),
    ...(values.cpus === undefined ? {} : { cpus: command.positiveInteger(values.cpus, 'cpus') }),
    history,
    anchorDir: values.anchor,
    chartFile: values.chart,
    timeoutSeconds: command.positiveInteger(values.timeout, 'timeout'),
    keep: values.keep,
    profile: values.profile,
    progress,
  });
  console.log(values.json ? JSON.stringify(report, null, 2) : renderPipelineBenchReport(report));
  if (report.runs.some((run) => !run.product.verify.passed)) process.exitCode = 1;
}
