import type { ProfileSummary } from '../profiler/cpu-profile.ts';
import type { IngestLoadResult } from './ingest-load.ts';
import type { ProducerPerformanceSummary } from './producer-performance.ts';
import type { RawRecordSize } from './raw-record-size.ts';

/** ProducerPerformance's MB: 2^20 bytes; both sides use it so the columns compare. */
const megabyte = 1024 * 1024;

export interface IngestBenchSetup {
  namespace: string;
  connections: number;
  readingsPerRequest: number;
  durationSeconds: number;
  warmupSeconds: number;
  partitions: number;
  record: RawRecordSize;
  /** The Java producer's settings, chosen to mirror http-ingest's. */
  producerSettings: Record<string, string>;
}

export interface Throughput {
  recordsPerSecond: number;
  megabytesPerSecond: number;
  latencyMs: { p50: number; p99: number };
}

export interface IngestBenchReport {
  setup: IngestBenchSetup;
  httpIngest: Throughput & {
    /** What MB/s counts for http-ingest: the JSON request bodies partners send. */
    megabytesOf: 'request bodies';
    /** The Avro values it wrote to readings.raw, the bytes ProducerPerformance's MB/s counts. */
    recordMegabytesPerSecond: number;
    load: IngestLoadResult;
  };
  producerPerformance: Throughput & { megabytesOf: 'record values'; summary: ProducerPerformanceSummary };
  /** http-ingest divided by ProducerPerformance, column by column. */
  ratio: { recordsPerSecond: number; megabytesPerSecond: number; p50: number; p99: number };
  profile?: ProfileSummary & { file: string };
}

export function ingestBenchReport(
  setup: IngestBenchSetup,
  load: IngestLoadResult,
  producer: ProducerPerformanceSummary,
  profile?: ProfileSummary & { file: string },
): IngestBenchReport {
  const readingsPerSecond = load.accepted / load.seconds;
  const httpIngest = {
    recordsPerSecond: round(readingsPerSecond, 0),
    megabytesPerSecond: round(load.bodyBytes / megabyte / load.seconds, 2),
    latencyMs: { p50: load.latencyMs.p50, p99: load.latencyMs.p99 },
  };
  const producerPerformance = {
    recordsPerSecond: producer.recordsPerSecond,
    megabytesPerSecond: producer.megabytesPerSecond,
    latencyMs: { p50: producer.latencyMs.p50, p99: producer.latencyMs.p99 },
  };
  const divide = (a: number, b: number) => (b === 0 ? Number.NaN : round(a / b, 3));
  return {
    setup,
    httpIngest: {
      ...httpIngest,
      megabytesOf: 'request bodies',
      recordMegabytesPerSecond: round((readingsPerSecond * setup.record.valueBytes) / megabyte, 2),
      load,
    },
    producerPerformance: { ...producerPerformance, megabytesOf: 'record values', summary: producer },
    ratio: {
      recordsPerSecond: divide(httpIngest.recordsPerSecond, producerPerformance.recordsPerSecond),
      megabytesPerSecond: divide(httpIngest.megabytesPerSecond, producerPerformance.megabytesPerSecond),
      p50: divide(httpIngest.latencyMs.p50, producerPerformance.latencyMs.p50),
      p99: divide(httpIngest.latencyMs.p99, producerPerformance.latencyMs.p99),
    },
    ...(profile ? { profile } : {}),
  };
}

/** The report as a table for a terminal, with what each column measures. */
export function renderIngestBenchReport(report: IngestBenchReport): string {
  const { setup, httpIngest, producerPerformance, ratio } = report;
  const { load } = httpIngest;
  const failures = Object.entries(load.failedByStatus).map(([status, count]) => `${count} × ${status}`);
  const lines = [
    `http-ingest (namespace ${setup.namespace}): ${setup.connections} connections, ${setup.readingsPerRequest} readings a request, ` +
      `${setup.durationSeconds} s after a ${setup.warmupSeconds} s warm-up; readings.raw records of ${setup.record.valueBytes.toFixed(1)} B ` +
      `(Avro value; key ${setup.record.keyBytes.toFixed(1)} B), ${setup.partitions} partitions`,
    '',
    row('', 'records/s', 'MB/s', 'p50 ms', 'p99 ms'),
    row('http-ingest', integer(httpIngest.recordsPerSecond), fixed(httpIngest.megabytesPerSecond, 2), fixed(httpIngest.latencyMs.p50, 0), fixed(httpIngest.latencyMs.p99, 0)),
    row(
      'ProducerPerformance',
      integer(producerPerformance.recordsPerSecond),
      fixed(producerPerformance.megabytesPerSecond, 2),
      fixed(producerPerformance.latencyMs.p50, 0),
      fixed(producerPerformance.latencyMs.p99, 0),
    ),
    row('http-ingest / PP', fixed(ratio.recordsPerSecond, 3), fixed(ratio.megabytesPerSecond, 3), fixed(ratio.p50, 2), fixed(ratio.p99, 2)),
    '',
    `http-ingest: ${integer(load.succeeded)} requests answered 2xx, ${failures.length === 0 ? 'none otherwise' : failures.join(', ')}; ` +
      `${load.errors} connection errors (${load.timeouts} timeouts); ${integer(load.accepted)} readings accepted, ${integer(load.rejected)} rejected; ` +
      `the load generator (autocannon, in this process) kept ${fixed(load.loadGeneratorCores, 2)} cores busy.`,
    `  MB/s counts the JSON request bodies; the Avro values written to readings.raw were ${fixed(httpIngest.recordMegabytesPerSecond, 2)} MB/s.`,
    `  Latency: a whole request, from sending its body to the answer that Kafka acknowledged every reading (autocannon).`,
    `ProducerPerformance: ${integer(producerPerformance.summary.records)} records of ${Math.round(setup.record.valueBytes)} B, no key; ` +
      Object.entries(setup.producerSettings)
        .map(([name, value]) => `${name}=${value}`)
        .join(' '),
    `  MB/s counts record values; latency: one record, from send() to its acknowledgement.`,
  ];
  if (report.profile) lines.push('', ...renderProfile(report.profile));
  return lines.join('\n');
}

function renderProfile(profile: ProfileSummary & { file: string }): string[] {
  const table = (title: string, entries: ProfileSummary['functions']) => [
    title,
    ...entries.map((entry) => `  ${fixed(entry.share * 100, 1).padStart(5)}%  ${integer(entry.selfMs).padStart(7)} ms  ${entry.name}`),
  ];
  return [
    `CPU profile of http-ingest: ${profile.file}`,
    `  ${integer(profile.totalMs)} ms sampled while the load was measured, busy ${fixed(profile.busyShare * 100, 1)}% of it; shares are of all of it.`,
    ...table('Top functions by self time:', profile.functions),
    ...table('Self time by package (Node internals and natives counted to their caller):', profile.packages),
  ];
}

const row = (label: string, ...cells: string[]) => label.padEnd(20) + cells.map((cell) => cell.padStart(12)).join('');
const integer = (value: number) => Math.round(value).toLocaleString('en-US');
const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const round = (value: number, digits: number) => Number(value.toFixed(digits));
