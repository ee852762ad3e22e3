import { parseArgs } from 'node:util';
import { benchLive, benchPipeline, renderLiveBenchReport, renderPipelineBenchReport } from '@thermostream/bench';
import { benchRunner } from '../bench-runner.ts';
import type { CliConfig } from '../cli-config.ts';
import { positiveInteger } from './options.ts';

const usage = `thermo bench pipeline [--readings N] [--seed S] [--corrections F] [--anchor DIR] [--chart FILE]
                      [--timeout S] [--keep] [--profile] [--json]
       thermo bench pipeline --live [--seconds S] [--rate R] [--connections N] [--batch N] [--seed S]
                      [--chart FILE] [--timeout S] [--keep] [--json]
  Generates N readings (90 % in France, 8 % abroad, 2 % invalid; F of them corrections, none by
  default), writes them as JSON lines, publishes them as a backlog to a fresh namespace's
  readings.raw (one Avro record per reading, keyed by id), then starts that namespace's processing
  chain and times it from launch until region_hourly_temperature holds every expected point.
  Prints readings/s, the steady rate between 20 % and 90 % of the points, the time to the first
  row, each service's busy cores and CPU seconds, the services' peak RSS (summed), and whether
  thermo verify passes. Stops the services and deletes the namespace at the end, also on Ctrl-C.
  --anchor DIR  then runs the Flink anchor in DIR (its run.sh) on the same JSON lines, compares its
                table with the product's row by row and prints the ratio of the two drain rates.
                Its first run builds the job with Maven (minutes).
  --chart FILE  SVG of points in the table over time (default: bench/pipeline.svg under THERMO_HOME).
  --keep        keeps the namespace's topics, tables, logs and the JSON lines.
  --profile     samples each service's CPU (a .cpuprofile each, kept) and prints the functions and
                packages that took the most of it while the backlog drained.
  Defaults: 1,000,000 readings, seed 1, no corrections, a 600 s timeout.
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
  const runner = benchRunner(config);
  if (values.live) {
    const report = await benchLive(
      {
        dataDir: config.dataDir,
        seconds: positiveInteger(values.seconds, 'seconds', usage),
        rate: values.rate === undefined ? undefined : positiveInteger(values.rate, 'rate', usage),
        seed: positiveInteger(values.seed, 'seed', usage),
        connections: positiveInteger(values.connections, 'connections', usage),
        readingsPerRequest: positiveInteger(values.batch, 'batch', usage),
        chartFile: values.chart,
        timeoutSeconds: positiveInteger(values.timeout, 'timeout', usage),
        keep: values.keep,
        progress,
      },
      runner,
    );
    console.log(values.json ? JSON.stringify(report, null, 2) : renderLiveBenchReport(report));
    if (!report.verify.passed) process.exitCode = 1;
    return;
  }
  const corrections = Number(values.corrections);
  if (!Number.isFinite(corrections) || corrections < 0 || corrections >= 0.5) throw new Error(`--corrections must be a share from 0 to 0.5\n${usage}`);
  const report = await benchPipeline(
    {
      dataDir: config.dataDir,
      readings: positiveInteger(values.readings, 'readings', usage),
      seed: positiveInteger(values.seed, 'seed', usage),
      corrections,
      anchorDir: values.anchor,
      chartFile: values.chart,
      timeoutSeconds: positiveInteger(values.timeout, 'timeout', usage),
      keep: values.keep,
      profile: values.profile,
      progress,
    },
    runner,
  );
  console.log(values.json ? JSON.stringify(report, null, 2) : renderPipelineBenchReport(report));
  if (!report.product.verify.passed) process.exitCode = 1;
}
