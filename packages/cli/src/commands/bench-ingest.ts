import { benchIngest, renderIngestBenchReport } from '@thermostream/bench';
import { compressions, isCompression } from '@thermostream/kafka';
import { stackOptionsOf, type CliConfig } from '../cli-config.ts';
import { declareCommand } from '../command-line.ts';

const command = declareCommand({
  name: 'thermo bench ingest',
  summary: `Starts one http-ingest in a fresh namespace on the running stack and POSTs JSON arrays of --batch
generated readings to it over N connections for S seconds (after a 3 s warm-up); then runs
Kafka's ProducerPerformance against the same broker on a topic with readings.raw's partitions,
records of the size http-ingest writes, acks=all, idempotent, --compression as http-ingest.
Prints records/s, MB/s, p50 and p99 latency of both and their ratio.
Deletes its topics and schema subjects at the end, also on Ctrl-C.`,
  options: {
    connections: { type: 'string', placeholder: 'N', description: 'concurrent connections', default: '16' },
    batch: { type: 'string', placeholder: 'N', description: 'readings a request', default: '500' },
    duration: { type: 'string', placeholder: 'S', description: 'seconds of load', default: '20' },
    compression: { type: 'string', placeholder: compressions.join('|'), description: "codec of both producers, as http-ingest's KAFKA_COMPRESSION", default: 'lz4' },
    profile: { type: 'boolean', description: "samples http-ingest's CPU (a .cpuprofile, as --cpu-prof writes) and prints where its time went" },
    json: { type: 'boolean', description: 'the report as JSON' },
  },
});

export async function benchIngestCommand(args: string[], config: CliConfig): Promise<void> {
  const parsed = command.parse(args);
  if (!parsed) return;
  const { values } = parsed;
  const compression = values.compression;
  if (!isCompression(compression)) throw command.usageError(`--compression must be one of ${compressions.join(', ')}`);
  const report = await benchIngest({
    stack: stackOptionsOf(config),
    connections: command.positiveInteger(values.connections, 'connections'),
    readingsPerRequest: command.positiveInteger(values.batch, 'batch'),
    durationSeconds: command.positiveInteger(values.duration, 'duration'),
    compression,
    profile: values.profile,
    progress: (line) => console.error(`bench ingest: ${line}`),
  });
  console.log(values.json ? JSON.stringify(report, null, 2) : renderIngestBenchReport(report));
}
