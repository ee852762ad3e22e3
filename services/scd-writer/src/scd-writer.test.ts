import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RegionalReading, RegionalReadingBatch } from '@thermostream/avro';
import { ProducedOffsets, topicName, topics, type InboundRecord, type OutboundRecord } from '@thermostream/kafka';
import { createLogger, createMetrics } from '@thermostream/observability';
import { createScdWriter } from './handler.ts';
import { openLocalStore, type LocalStore } from './local-store.ts';

const hour = Date.UTC(2026, 10, 24, 10);

const regional = (id: string, version: number, temperature = 20): RegionalReading => ({
  reading: { id, event_time: hour + 60_000, lat: 48.85, lon: 2.35, temperature, country: 'France', version, ingested_at: 1_000 + version, raw_partition: 0, raw_offset: 0 },
  region_code: 'FR-IDF',
  hour,
});

const batch = (offset: number, readings: RegionalReading[]): InboundRecord<RegionalReadingBatch>[] => [
  { topic: 'readings.regional', partition: 2, offset, key: readings[0]!.reading.id, value: { readings }, timestamp: 0 },
];

/** The broker's answer to a transaction that wrote `records`: each partition's records from `firstOffset` on. */
function acknowledged(records: readonly OutboundRecord[], firstOffset: number): ProducedOffsets {
  const produced = new ProducedOffsets('');
  const messages = records.map((record) => ({ topic: topicName(record.topic, ''), ...(record.partition === undefined ? {} : { partition: record.partition }) }));
  const partitions = new Set(messages.filter((message) => message.partition !== undefined).map((message) => `${message.topic}:${message.partition}`));
  produced.add(messages, {
    offsets: [...partitions].map((at) => ({ topic: at.slice(0, at.lastIndexOf(':')), partition: Number(at.slice(at.lastIndexOf(':') + 1)), offset: BigInt(firstOffset) })),
  });
  return produced;
}

const of = (records: readonly OutboundRecord[], topic: (typeof topics)[keyof typeof topics]) => records.filter((record) => record.topic === topic);

describe('scd-writer with its local store', () => {
  let directory: string;
  let store: LocalStore;
  const caughtUp: number[] = [];
  const writer = () =>
    createScdWriter({
      store,
      catchUp: async (partitions) => void caughtUp.push(...partitions),
      metrics: createMetrics({ service: 'scd-writer', collectDefaults: false }),
      logger: createLogger({ service: 'scd-writer', level: 'fatal' }),
      maxReadingsPerRecord: 500,
    });

  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'scd-writer-store-'));
    // A flush every three versions: the store answers from memory, from a flush under way and from disk.
    store = openLocalStore(directory, { flushVersions: 3, flushIntervalMs: 60_000 });
  });

  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('writes deltas, every version and the changelog, and remembers the versions only once their transaction committed', async () => {
    const scd = writer();
    const first = await scd.handle(batch(10, [regional('a', 1), regional('b', 1, 22)]), async () => undefined);
    expect(of(first, topics.changes).flatMap((record) => record.value as { deltas: { kind: string; point_count: number; temperature_sum: string }[] }).flatMap((value) => value.deltas.map((delta) => `${delta.kind} ${delta.point_count} ${delta.temperature_sum}`))).toEqual(['ADD 2 42']);
    expect(of(first, topics.versions).flatMap((record) => (record.value as { versions: { reading_id: string }[] }).versions.map((version) => version.reading_id)).sort()).toEqual(['a', 'b']);
    const changelog = of(first, topics.currentVersions);
    expect(changelog.map((record) => [record.key, record.partition])).toEqual([
      ['a', 2],
      ['b', 2],
    ]);
    expect(await store.currentVersions(2, ['a'])).toEqual([undefined]);

    await scd.transactionOutcome.committed(acknowledged(first, 40));
    expect((await store.currentVersions(2, ['a', 'b', 'c'])).map((version) => version?.version)).toEqual([1, 1, undefined]);
    // Two records from offset 40: the next read starts after the second.
    expect(store.changelogPosition(2)).toBe(42);
  });

  it('forgets what an aborted transaction planned, so its batch delivered again plans the same', async () => {
    const scd = writer();
    await scd.transactionOutcome.committed(acknowledged(await scd.handle(batch(10, [regional('a', 1)]), async () => undefined), 0));
    const attempt = await scd.handle(batch(11, [regional('a', 2, 25)]), async () => undefined);
    scd.transactionOutcome.aborted();
    expect((await store.currentVersions(2, ['a']))[0]?.version).toBe(1);
    const again = await scd.handle(batch(11, [regional('a', 2, 25)]), async () => undefined);
    expect(again.map((record) => record.value)).toEqual(attempt.map((record) => record.value));
    await scd.transactionOutcome.committed(acknowledged(again, 5));
    expect((await store.currentVersions(2, ['a']))[0]).toMatchObject({ version: 2, temperature: 25 });
  });

  it('numbers readings.changes records above those of earlier batches of the partition', async () => {
    const scd = writer();
    const sequences = async (offset: number, reading: RegionalReading) => {
      const outputs = await scd.handle(batch(offset, [reading]), async () => undefined);
      await scd.transactionOutcome.committed(acknowledged(outputs, offset));
      return of(outputs, topics.changes).map((record) => (record.value as { sequence: number }).sequence);
    };
    const first = await sequences(7, regional('a', 1));
    const second = await sequences(8, regional('a', 2, 30));
    expect(Math.min(...second)).toBeGreaterThan(Math.max(...first));
  });

  it('catches every given partition up before handling anything', async () => {
    const scd = writer();
    await scd.onAssignment([0, 3]);
    expect(caughtUp).toEqual([0, 3]);
  });
});
