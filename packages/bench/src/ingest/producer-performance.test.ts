import { ingestLikeSettings, parseProducerPerformance, producerPerformanceArgs, runLasting, type ProducerPerformanceSummary } from './producer-performance.ts';

const output = [
  '1036269 records sent, 207253.8 records/sec (24.90 MB/sec), 85.1 ms avg latency, 400.0 ms max latency.',
  '300000 records sent, 83798.9 records/sec (9.59 MB/sec), 19.23 ms avg latency, 494.00 ms max latency, 12 ms 50th, 65 ms 95th, 89 ms 99th, 112 ms 99.9th.',
  '',
].join('\n');

describe('parseProducerPerformance', () => {
  it('reads the final summary line, with its percentiles', () => {
    expect(parseProducerPerformance(output)).toEqual({
      records: 300000,
      recordsPerSecond: 83798.9,
      megabytesPerSecond: 9.59,
      latencyMs: { average: 19.23, max: 494, p50: 12, p95: 65, p99: 89, p999: 112 },
    });
  });

  it('fails on output without a summary, saying what it got', () => {
    expect(() => parseProducerPerformance(output.split('\n')[0]!)).toThrow(/no summary line:\n1036269 records sent/);
  });
});

describe('ingestLikeSettings', () => {
  it("sizes a batch as one request's readings for one partition, without lingering", () => {
    expect(ingestLikeSettings({ compression: 'gzip', readingsPerRequest: 500, partitions: 6, recordBytes: 126 })).toEqual({
      acks: 'all',
      'enable.idempotence': 'true',
      'max.in.flight.requests.per.connection': '5',
      'compression.type': 'gzip',
      'linger.ms': '0',
      'batch.size': String(84 * 126),
    });
  });

  it('keeps a batch large enough for one record', () => {
    expect(ingestLikeSettings({ compression: 'none', readingsPerRequest: 1, partitions: 6, recordBytes: 126 })['batch.size']).toBe('126');
  });
});

describe('producerPerformanceArgs', () => {
  it('runs unthrottled with the producer settings after the bootstrap servers', () => {
    expect(producerPerformanceArgs({ topic: 't', brokers: ['a:1', 'b:2'], records: 10, recordBytes: 100, settings: { acks: 'all' } })).toEqual([
      'org.apache.kafka.tools.ProducerPerformance',
      '--topic',
      't',
      '--num-records',
      '10',
      '--record-size',
      '100',
      '--throughput',
      '-1',
      '--producer-props',
      'bootstrap.servers=a:1,b:2',
      'acks=all',
    ]);
  });
});

describe('runLasting', () => {
  const summary = (records: number, recordsPerSecond: number): ProducerPerformanceSummary => ({
    records,
    recordsPerSecond,
    megabytesPerSecond: 0,
    latencyMs: { average: 0, max: 0, p50: 0, p95: 0, p99: 0, p999: 0 },
  });

  it('sizes each run from the rate of the one before until a run lasts about the wanted time', async () => {
    const rates = [100_000, 300_000, 400_000];
    const asked: number[] = [];
    const result = await runLasting(
      10,
      async (records) => {
        asked.push(records);
        return summary(records, rates[asked.length - 1]!);
      },
      { firstRecords: 200_000, maxRuns: 5 },
    );
    // 2 s, then 1,000,000 records at 300k/s = 3.3 s, then 3,000,000 at 400k/s = 7.5 s: long enough.
    expect(asked).toEqual([200_000, 1_000_000, 3_000_000]);
    expect(result.records).toBe(3_000_000);
  });

  it('keeps a first run that already lasted long enough, and stops after the most runs allowed', async () => {
    const runs = async (rate: (records: number) => number, maxRuns: number) => {
      let count = 0;
      const run = async (records: number) => {
        count += 1;
        return summary(records, rate(records));
      };
      await runLasting(10, run, { firstRecords: 200_000, maxRuns });
      return count;
    };
    expect(await runs(() => 20_000, 3)).toBe(1);
    expect(await runs((records) => records * 10, 3)).toBe(3);
  });
});
