import type { IngestLoadResult } from './ingest-load.ts';
import { ingestBenchReport, renderIngestBenchReport, type IngestBenchSetup } from './ingest-report.ts';
import type { ProducerPerformanceSummary } from './producer-performance.ts';

const setup: IngestBenchSetup = {
  namespace: 'bench_0001',
  connections: 16,
  readingsPerRequest: 500,
  durationSeconds: 10,
  warmupSeconds: 3,
  partitions: 6,
  record: { valueBytes: 125.5, keyBytes: 14 },
  producerSettings: { acks: 'all', 'linger.ms': '0' },
};

const load: IngestLoadResult = {
  seconds: 10,
  requests: 1002,
  succeeded: 1000,
  failedByStatus: { '503': 2 },
  errors: 0,
  timeouts: 0,
  accepted: 500_000,
  rejected: 0,
  bodyBytes: 10 * 1024 * 1024 * 6,
  latencyMs: { p50: 160, p99: 320, average: 170, max: 400 },
  loadGeneratorCores: 0.1,
};

const producer: ProducerPerformanceSummary = {
  records: 2_000_000,
  recordsPerSecond: 200_000,
  megabytesPerSecond: 24,
  latencyMs: { average: 20, max: 500, p50: 10, p95: 60, p99: 80, p999: 120 },
};

describe('ingestBenchReport', () => {
  const report = ingestBenchReport(setup, load, producer);

  it('counts the readings http-ingest accepted per second and the MB (2^20 bytes) of request bodies per second', () => {
    expect(report.httpIngest.recordsPerSecond).toBe(50_000);
    expect(report.httpIngest.megabytesPerSecond).toBe(6);
    expect(report.httpIngest.recordMegabytesPerSecond).toBe(5.98);
    expect(report.httpIngest.latencyMs).toEqual({ p50: 160, p99: 320 });
  });

  it('divides http-ingest by ProducerPerformance column by column', () => {
    expect(report.ratio).toEqual({ recordsPerSecond: 0.25, megabytesPerSecond: 0.25, p50: 16, p99: 4 });
  });

  it('prints both rows, the ratio, and the requests that were not answered 2xx', () => {
    const text = renderIngestBenchReport(report);
    expect(text).toMatch(/^http-ingest\s+50,000\s+6\.00\s+160\s+320$/m);
    expect(text).toMatch(/^ProducerPerformance\s+200,000\s+24\.00\s+10\s+80$/m);
    expect(text).toMatch(/^http-ingest \/ PP\s+0\.250\s+0\.250\s+16\.00\s+4\.00$/m);
    expect(text).toContain('2 × 503');
    expect(text).not.toContain('CPU profile');
  });
});
