/**
 * Kafka's own producer benchmark, `org.apache.kafka.tools.ProducerPerformance`: the command line
 * that mirrors http-ingest's producer, and the summary line it ends with.
 */
export interface ProducerPerformanceRun {
  topic: string;
  brokers: readonly string[];
  records: number;
  recordBytes: number;
  settings: Record<string, string>;
}

export interface ProducerPerformanceSummary {
  records: number;
  recordsPerSecond: number;
  megabytesPerSecond: number;
  latencyMs: { average: number; max: number; p50: number; p95: number; p99: number; p999: number };
}

/**
 * Producer settings as close as the two clients allow to http-ingest's KafkaJS producer: idempotent,
 * acks=all, 5 requests in flight, the same compression; KafkaJS has no linger and sends each request's
 * readings at once, one batch per partition, so the Java producer lingers 0 ms with batches the size
 * of one request's share of a partition.
 */
export function ingestLikeSettings(options: { compression: string; readingsPerRequest: number; partitions: number; recordBytes: number }): Record<string, string> {
  const batchBytes = Math.ceil(options.readingsPerRequest / options.partitions) * options.recordBytes;
  return {
    acks: 'all',
    'enable.idempotence': 'true',
    'max.in.flight.requests.per.connection': '5',
    'compression.type': options.compression,
    'linger.ms': '0',
    'batch.size': String(Math.max(batchBytes, options.recordBytes)),
  };
}

export function producerPerformanceArgs(run: ProducerPerformanceRun): string[] {
  return [
    'org.apache.kafka.tools.ProducerPerformance',
    '--topic',
    run.topic,
    '--num-records',
    String(run.records),
    '--record-size',
    String(run.recordBytes),
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${run.brokers.join(',')}`,
    ...Object.entries(run.settings).map(([name, value]) => `${name}=${value}`),
  ];
}

/**
 * Runs ProducerPerformance until one run lasts about `seconds`. Every run starts a cold JVM, so a short
 * run underestimates the rate: each next run is sized from the rate of the one before, up to `maxRuns`.
 */
export async function runLasting(
  seconds: number,
  run: (records: number) => Promise<ProducerPerformanceSummary>,
  options: { firstRecords: number; maxRuns: number },
): Promise<ProducerPerformanceSummary> {
  let summary = await run(options.firstRecords);
  for (let runs = 1; runs < options.maxRuns && secondsOf(summary) < seconds * longEnough; runs += 1) {
    summary = await run(Math.ceil(summary.recordsPerSecond * seconds));
  }
  return summary;
}

/** A run this close to the wanted duration compares with it. */
const longEnough = 0.7;

const secondsOf = (summary: ProducerPerformanceSummary) => summary.records / summary.recordsPerSecond;

const number = String.raw`(\d+(?:\.\d+)?)`;
const summaryLine = new RegExp(
  String.raw`^(\d+) records sent, ${number} records/sec \(${number} MB/sec\), ${number} ms avg latency, ${number} ms max latency, ` +
    String.raw`(\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th, (\d+) ms 99.9th\.$`,
  'm',
);

/** Reads the final summary line; the progress lines every few seconds have no percentiles. */
export function parseProducerPerformance(output: string): ProducerPerformanceSummary {
  const match = summaryLine.exec(output);
  if (match === null) throw new Error(`ProducerPerformance printed no summary line:\n${output.trim()}`);
  const [records, perSecond, megabytes, average, max, p50, p95, p99, p999] = match.slice(1).map(Number) as [number, number, number, number, number, number, number, number, number];
  return { records, recordsPerSecond: perSecond, megabytesPerSecond: megabytes, latencyMs: { average, max, p50, p95, p99, p999 } };
}
