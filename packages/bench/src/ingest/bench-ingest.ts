import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { topics, type Compression } from '@thermostream/kafka';
import type { RunningService } from '@thermostream/pipeline';
import { stackEndpoints, type StackOptions } from '@thermostream/stack';
import { startBenchServices } from '../bench-services.ts';
import { cleanUpNamespace, onInterrupt } from '../namespace/clean-up.ts';
import { kafkaTools, type KafkaTools } from '../namespace/kafka-tools.ts';
import { cpuProfileNodeOptions, profileClockMicros, summarizeProfileOf } from '../profiler/cpu-profiler.ts';
import { ingestBodies } from './ingest-bodies.ts';
import { driveIngest, type IngestLoad } from './ingest-load.ts';
import { ingestBenchReport, type IngestBenchReport } from './ingest-report.ts';
import {
  ingestLikeSettings,
  parseProducerPerformance,
  producerPerformanceArgs,
  runLasting,
  type ProducerPerformanceSummary,
} from './producer-performance.ts';
import { rawRecordSize } from './raw-record-size.ts';

export const ingestWarmupSeconds = 3;
/** Distinct bodies, so that consecutive requests carry different readings. */
const bodyCount = 16;
/** The partner http-ingest stamps on the benchmark's readings. */
const partner = 'bench';
/** The first ProducerPerformance run: short, it tells how many records the next one needs to last the duration. */
const firstProducerRecords = 200_000;

export interface IngestBenchOptions {
  /** The running stack; its data directory (THERMO_HOME) holds its Kafka classpath and the benchmark's work files. */
  stack: StackOptions;
  connections: number;
  readingsPerRequest: number;
  durationSeconds: number;
  compression: Compression;
  profile: boolean;
  progress: (line: string) => void;
}

/**
 * One http-ingest in a fresh namespace under concurrent POSTs (autocannon), then Kafka's
 * ProducerPerformance on the same broker with the same record size; the namespace's topics and
 * schema subjects are deleted at the end, also on Ctrl-C.
 */
export async function benchIngest(options: IngestBenchOptions): Promise<IngestBenchReport> {
  const { connections, readingsPerRequest, durationSeconds, compression, progress } = options;
  const endpoints = stackEndpoints(options.stack);
  const tools = kafkaTools(options.stack.dataDir, endpoints.kafkaBrokers);
  const namespace = `bench_${randomBytes(4).toString('hex')}`;
  const workDir = path.join(options.stack.dataDir, 'bench', namespace);
  const profileDir = path.join(workDir, 'profile');
  const apiKey = randomBytes(16).toString('hex');

  const { bodies, readings } = ingestBodies({ count: bodyCount, batchSize: readingsPerRequest, seed: 1 });
  const record = await rawRecordSize(readings, { received_at: Date.now(), partner, request_id: randomUUID() });
  const partitions = topics.raw.partitions;
  const recordBytes = Math.round(record.valueBytes);
  const producerSettings = ingestLikeSettings({ compression, readingsPerRequest, partitions, recordBytes });

  progress(`starting http-ingest in namespace ${namespace} (log: ${path.join(workDir, 'http-ingest.log')})`);
  let services: RunningService[] = [];
  const cleanUpRun = async () => {
    await Promise.all(services.map((service) => service.stop()));
    await cleanUpNamespace({ namespace, tools, registryUrl: endpoints.schemaRegistryUrl, progress });
  };
  const interruption = onInterrupt(() => {
    progress('interrupted: stopping http-ingest and deleting the topics');
    return cleanUpRun();
  });
  let succeeded = false;
  try {
    const started = await startBenchServices({
      endpoints,
      namespace,
      services: ['http-ingest'],
      logDir: workDir,
      environment: {
        INGEST_API_KEYS: `${partner}:${apiKey}`,
        KAFKA_COMPRESSION: compression,
        ...(options.profile ? { NODE_OPTIONS: cpuProfileNodeOptions(profileDir) } : {}),
      },
    });
    services = started.services;
    const [service] = services;
    if (service === undefined) throw new Error('http-ingest was not started');
    await started.ready;
    const load: IngestLoad = { url: `http://127.0.0.1:${service.port}/v1/readings`, apiKey, bodies, connections, durationSeconds: ingestWarmupSeconds };
    progress(`warming up for ${ingestWarmupSeconds} s`);
    const warmup = await driveIngest(load);
    if (warmup.succeeded === 0) throw new Error(`http-ingest answered no request with 2xx during the warm-up; see ${service.logFile}`);
    progress(`driving http-ingest for ${durationSeconds} s: ${connections} connections, ${readingsPerRequest} readings a request`);
    const window = { fromMicros: profileClockMicros(), toMicros: 0 };
    const ingest = await driveIngest({ ...load, durationSeconds });
    window.toMicros = profileClockMicros();
    await service.stop();
    const profile = options.profile ? summarizeProfileOf(profileDir, service.pid, 15, window) : undefined;

    const producer = await measureProducerPerformance({
      tools,
      topic: `${namespace}.producer-performance`,
      brokers: endpoints.kafkaBrokers,
      partitions,
      recordBytes,
      settings: producerSettings,
      durationSeconds,
      progress,
    });
    succeeded = true;
    return ingestBenchReport(
      { namespace, connections, readingsPerRequest, durationSeconds, warmupSeconds: ingestWarmupSeconds, partitions, record, producerSettings },
      ingest,
      producer,
      profile,
    );
  } finally {
    interruption.dispose();
    await cleanUpRun();
    // The profile and the log are what a failed or profiled run is read from; otherwise nothing is left.
    if (succeeded && !options.profile) rmSync(workDir, { recursive: true, force: true });
  }
}

/** ProducerPerformance on a topic of its own with readings.raw's partitions, run until a run lasts about the load's duration. */
async function measureProducerPerformance(options: {
  tools: KafkaTools;
  topic: string;
  brokers: string[];
  partitions: number;
  recordBytes: number;
  settings: Record<string, string>;
  durationSeconds: number;
  progress: (line: string) => void;
}): Promise<ProducerPerformanceSummary> {
  const { tools, topic, brokers, recordBytes, settings, progress } = options;
  await tools.createTopic(topic, options.partitions);
  const run = async (records: number) => {
    progress(`ProducerPerformance: ${records} records of ${recordBytes} B`);
    const summary = parseProducerPerformance(await tools.run(producerPerformanceArgs({ topic, brokers, records, recordBytes, settings }), { heap: '512m' }));
    progress(`  ${Math.round(summary.recordsPerSecond)} records/s over ${(summary.records / summary.recordsPerSecond).toFixed(1)} s`);
    return summary;
  };
  return runLasting(options.durationSeconds, run, { firstRecords: firstProducerRecords, maxRuns: 3 });
}
