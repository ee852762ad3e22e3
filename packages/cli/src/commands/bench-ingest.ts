import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { topics } from '@thermostream/kafka';
import { stackEndpoints, type StackEndpoints } from '@thermostream/stack';
import { summarizeCpuProfile } from '../bench/cpu-profile.ts';
import { cpuProfileNodeOptions, profileClockMicros, readCpuProfile } from '../bench/cpu-profiler.ts';
import { freePort } from '../free-port.ts';
import { ingestBodies } from '../bench/ingest-bodies.ts';
import { driveIngest, type IngestLoad } from '../bench/ingest-load.ts';
import { ingestBenchReport, renderIngestBenchReport } from '../bench/ingest-report.ts';
import { kafkaTools, type KafkaTools } from '../bench/kafka-tools.ts';
import {
  ingestLikeSettings,
  parseProducerPerformance,
  producerPerformanceArgs,
  runLasting,
  type ProducerPerformanceSummary,
} from '../bench/producer-performance.ts';
import { rawRecordSize } from '../bench/raw-record-size.ts';
import { deleteNamespaceSubjects } from '../bench/registry-subjects.ts';
import { stackOptionsOf, type CliConfig } from '../cli-config.ts';
import { launchOf, pipelineLaunches } from '../pipeline.ts';
import { startService, waitUntilReady, type ServiceLaunch } from '../supervisor.ts';
import { positiveInteger } from './options.ts';

const warmupSeconds = 3;
/** Distinct bodies, so that consecutive requests carry different readings. */
const bodyCount = 16;
/** The partner http-ingest stamps on the benchmark's readings. */
const partner = 'bench';
/** The first ProducerPerformance run: short, it tells how many records the next one needs to last --duration. */
const firstProducerRecords = 200_000;

const usage = `thermo bench ingest [--connections N] [--batch N] [--duration S] [--compression gzip|none] [--profile] [--json]
  Starts one http-ingest in a fresh namespace on the running stack and POSTs JSON arrays of --batch
  generated readings to it over N connections for S seconds (after a ${warmupSeconds} s warm-up); then runs
  Kafka's ProducerPerformance against the same broker on a topic with readings.raw's partitions,
  records of the size http-ingest writes, acks=all, idempotent, --compression as http-ingest.
  Prints records/s, MB/s, p50 and p99 latency of both and their ratio. --profile samples http-ingest's
  CPU (a .cpuprofile, as --cpu-prof writes) and prints where its time went while the load ran.
  Deletes its topics and schema subjects at the end, also on Ctrl-C.
  Defaults: 16 connections, 500 readings a request, 20 s, gzip (the product's default).`;

export async function benchIngestCommand(args: string[], config: CliConfig): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      connections: { type: 'string', default: '16' },
      batch: { type: 'string', default: '500' },
      duration: { type: 'string', default: '20' },
      compression: { type: 'string', default: 'gzip' },
      profile: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const connections = positiveInteger(values.connections, 'connections', usage);
  const readingsPerRequest = positiveInteger(values.batch, 'batch', usage);
  const durationSeconds = positiveInteger(values.duration, 'duration', usage);
  const compression = values.compression;
  if (compression !== 'gzip' && compression !== 'none') throw new Error(`--compression must be gzip or none\n${usage}`);
  const progress = (line: string) => console.error(`bench ingest: ${line}`);

  const endpoints = stackEndpoints(stackOptionsOf(config));
  const tools = kafkaTools(config.dataDir, endpoints.kafkaBrokers);
  const namespace = `bench_${randomBytes(4).toString('hex')}`;
  const workDir = path.join(config.dataDir, 'bench', namespace);
  const profileDir = path.join(workDir, 'profile');
  const port = await freePort();
  const apiKey = randomBytes(16).toString('hex');
  const launch = ingestLaunch({ endpoints, namespace, workDir, port, apiKey, compression, profileDir: values.profile ? profileDir : undefined });

  const { bodies, readings } = ingestBodies({ count: bodyCount, batchSize: readingsPerRequest, seed: 1 });
  const record = await rawRecordSize(readings, { received_at: Date.now(), partner, request_id: randomUUID() });
  const partitions = topics.raw.partitions;
  const recordBytes = Math.round(record.valueBytes);
  const producerSettings = ingestLikeSettings({ compression, readingsPerRequest, partitions, recordBytes });

  progress(`starting http-ingest on port ${port} in namespace ${namespace} (log: ${path.join(workDir, 'http-ingest.log')})`);
  const service = startService(launch, workDir);
  const cleanUpRun = async () => {
    await service.stop();
    await cleanUp(`topics of ${namespace}`, () => tools.deleteNamespaceTopics(namespace), progress);
    await cleanUp(`schema subjects of ${namespace}`, () => deleteNamespaceSubjects(endpoints.schemaRegistryUrl, namespace), progress);
  };
  let interrupting = false;
  // The shell, pnpm and tsx may each pass Ctrl-C on: the first one cleans up, the others wait for it.
  const interrupted = () => {
    if (interrupting) return;
    interrupting = true;
    progress('interrupted: stopping http-ingest and deleting the topics');
    void cleanUpRun().finally(() => process.exit(130));
  };
  process.on('SIGINT', interrupted);
  let succeeded = false;
  try {
    await waitUntilReady([service], 120_000);
    const load: IngestLoad = { url: `http://127.0.0.1:${port}/v1/readings`, apiKey, bodies, connections, durationSeconds: warmupSeconds };
    progress(`warming up for ${warmupSeconds} s`);
    const warmup = await driveIngest(load);
    if (warmup.succeeded === 0) throw new Error(`http-ingest answered no request with 2xx during the warm-up; see ${service.logFile}`);
    progress(`driving http-ingest for ${durationSeconds} s: ${connections} connections, ${readingsPerRequest} readings a request`);
    const window = { fromMicros: profileClockMicros(), toMicros: 0 };
    const ingest = await driveIngest({ ...load, durationSeconds });
    window.toMicros = profileClockMicros();
    await service.stop();
    const profile = values.profile ? summarizedProfile(profileDir, service.pid, window) : undefined;

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

    const report = ingestBenchReport(
      { namespace, connections, readingsPerRequest, durationSeconds, warmupSeconds, partitions, record, producerSettings },
      ingest,
      producer,
      profile,
    );
    console.log(values.json ? JSON.stringify(report, null, 2) : renderIngestBenchReport(report));
    succeeded = true;
  } finally {
    process.off('SIGINT', interrupted);
    await cleanUpRun();
    // The profile and the log are what a failed or profiled run is read from; otherwise nothing is left.
    if (succeeded && !values.profile) rmSync(workDir, { recursive: true, force: true });
  }
}

/** http-ingest as the pipeline launches it, in the benchmark's namespace, under its own key and compression. */
function ingestLaunch(options: {
  endpoints: StackEndpoints;
  namespace: string;
  workDir: string;
  port: number;
  apiKey: string;
  compression: string;
  profileDir: string | undefined;
}): ServiceLaunch {
  const { endpoints, namespace, workDir, port, apiKey } = options;
  const launch = launchOf(pipelineLaunches({ endpoints, namespace, archiveDir: workDir, apiKey, ports: { 'http-ingest': port } }), 'http-ingest');
  return {
    ...launch,
    environment: {
      ...launch.environment,
      INGEST_API_KEYS: `${partner}:${apiKey}`,
      KAFKA_COMPRESSION: options.compression,
      ...(options.profileDir !== undefined ? { NODE_OPTIONS: cpuProfileNodeOptions(options.profileDir) } : {}),
    },
  };
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

function summarizedProfile(profileDir: string, pid: number, window: { fromMicros: number; toMicros: number }) {
  const { file, profile } = readCpuProfile(profileDir, pid);
  return { file, ...summarizeCpuProfile(profile, 15, window) };
}

/** A failed clean-up is reported, never allowed to hide the result or the error of the run. */
async function cleanUp(what: string, step: () => Promise<void>, progress: (line: string) => void): Promise<void> {
  try {
    await step();
  } catch (error) {
    progress(`could not delete the ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

