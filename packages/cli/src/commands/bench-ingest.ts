import { parseArgs } from 'node:util';
import { benchIngest, renderIngestBenchReport } from '@thermostream/bench';
import { compressions, isCompression } from '@thermostream/kafka';
import { benchRunner } from '../bench-runner.ts';
import type { CliConfig } from '../cli-config.ts';
import { positiveInteger } from './options.ts';

const usage = `thermo bench ingest [--connections N] [--batch N] [--duration S] [--compression none|gzip|snappy|lz4|zstd] [--profile] [--json]
  Starts one http-ingest in a fresh namespace on the running stack and POSTs JSON arrays of --batch
  generated readings to it over N connections for S seconds (after a 3 s warm-up); then runs
  Kafka's ProducerPerformance against the same broker on a topic with readings.raw's partitions,
  records of the size http-ingest writes, acks=all, idempotent, --compression as http-ingest.
  Prints records/s, MB/s, p50 and p99 latency of both and their ratio. --profile samples http-ingest's
  CPU (a .cpuprofile, as --cpu-prof writes) and prints where its time went while the load ran.
  Deletes its topics and schema subjects at the end, also on Ctrl-C.
  Defaults: 16 connections, 500 readings a request, 20 s, lz4 (the product's default).`;

export async function benchIngestCommand(args: string[], config: CliConfig): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      connections: { type: 'string', default: '16' },
      batch: { type: 'string', default: '500' },
      duration: { type: 'string', default: '20' },
      compression: { type: 'string', default: 'lz4' },
      profile: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const compression = values.compression;
  if (!isCompression(compression)) throw new Error(`--compression must be one of ${compressions.join(', ')}\n${usage}`);
  const report = await benchIngest(
    {
      dataDir: config.dataDir,
      connections: positiveInteger(values.connections, 'connections', usage),
      readingsPerRequest: positiveInteger(values.batch, 'batch', usage),
      durationSeconds: positiveInteger(values.duration, 'duration', usage),
      compression,
      profile: values.profile,
      progress: (line) => console.error(`bench ingest: ${line}`),
    },
    benchRunner(config),
  );
  console.log(values.json ? JSON.stringify(report, null, 2) : renderIngestBenchReport(report));
}
