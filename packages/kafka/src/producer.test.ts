import { compatibilityPartitioner } from '@platformatic/kafka';
import { createAvroSerde, createInMemorySchemaRegistry, type RawReading, type RejectedRecord } from '@thermostream/avro';
import type { KafkaContext } from './context.ts';
import { javaCompatiblePartitioner, splitIntoRequests, toWireMessages } from './producer.ts';
import { outbound, rejection } from './records.ts';
import { topics } from './topics.ts';

const message = (key: string, bytes: number) => ({ key: Buffer.from(key), value: Buffer.alloc(bytes) });

describe('splitIntoRequests', () => {
  it('keeps everything in one request while it fits', () => {
    const messages = [message('1', 100), message('2', 100), message('3', 100)];
    expect(splitIntoRequests(messages, 1_000)).toEqual([messages]);
  });

  it('cuts a large batch into requests under the limit, in order', () => {
    const messages = Array.from({ length: 50 }, (_, index) => message(String(index), 200));
    const requests = splitIntoRequests(messages, 1_000);
    expect(requests.length).toBeGreaterThan(10);
    for (const request of requests) {
      expect(request.reduce((sum, sent) => sum + sent.value.length + sent.key.length + 32, 0)).toBeLessThanOrEqual(1_000);
    }
    expect(requests.flat().map((sent) => sent.key.toString())).toEqual(messages.map((sent) => sent.key.toString()));
  });

  it('sends a message larger than the limit on its own rather than never', () => {
    expect(splitIntoRequests([message('1', 10), message('2', 5_000), message('3', 10)], 1_000).map((request) => request.length)).toEqual([1, 1, 1]);
  });

  it('makes no request of nothing', () => {
    expect(splitIntoRequests([])).toEqual([]);
  });
});

describe('the partitioner producers use', () => {
  // reading-42, r-2 and r-3 have a negative murmur2 hash: read as unsigned, as the client's default
  // partitioner does, they would land on another partition than Java's (murmur2 & 0x7fffffff) % n.
  it.each([
    ['r-0', 6],
    ['reading-42', 6],
    ['r-2', 6],
    ['r-3', 3],
    ['FR-IDF|2026-11-24T10', 6],
  ])('puts key %s where Java would among %i partitions', (key, partitions) => {
    expect(javaCompatiblePartitioner({ topic: 't' }, Buffer.from(key)) % partitions).toBe(javaPartition(key, partitions));
  });

  it("hashes every key as the client's own compatibility partitioner does, and a record without a key to 0", () => {
    const keys = Array.from({ length: 5_000 }, (_, index) => Buffer.from(index % 7 === 0 ? `Île-${index}-é€` : `gen-1-${String(index).padStart(8, '0')}`));
    expect(keys.filter((key) => javaCompatiblePartitioner({ topic: 't' }, key) !== compatibilityPartitioner({ topic: 't' }, key))).toEqual([]);
    expect(javaCompatiblePartitioner({ topic: 't' })).toBe(0);
  });
});

/** Kafka's Utils.murmur2 and toPositive, transcribed from the Java source with 32-bit integer arithmetic. */
function javaPartition(key: string, partitions: number): number {
  const data = Buffer.from(key);
  const m = 0x5bd1e995;
  let h = (0x9747b28c ^ data.length) | 0;
  const fours = data.length >> 2;
  for (let i = 0; i < fours; i++) {
    let k = data.readInt32LE(i * 4);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const rest = data.length % 4;
  const tail = fours * 4;
  if (rest === 3) h ^= (data[tail + 2]! & 0xff) << 16;
  if (rest >= 2) h ^= (data[tail + 1]! & 0xff) << 8;
  if (rest >= 1) {
    h ^= data[tail]! & 0xff;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return (h & 0x7fffffff) % partitions;
}

describe('toWireMessages', () => {
  const reading = (id: string): RawReading => ({
    id,
    timestamp: '2026-11-24T10:15:00Z',
    lat: 48.8566,
    lon: 2.3522,
    temperature: 12.5,
    country: 'FR',
    version: null,
    ingest: { partner: 'acme', request_id: 'r-1', received_at: 1764000000000 },
  });
  const rejected = (payload: string): RejectedRecord => ({
    service: 'filter',
    reason_code: 'FIELD_MISSING',
    field: 'lat',
    message: 'lat is required',
    reading_id: null,
    payload,
    source_topic: null,
    source_partition: null,
    source_offset: null,
    partner: 'acme',
    request_id: 'r-1',
    record_index: 0,
    rejected_at: 1764000000000,
  });

  it("names each record's topic in the namespace and encodes its value under that topic's subject, topics interleaved", async () => {
    const serde = createAvroSerde(createInMemorySchemaRegistry());
    await serde.register('ns.readings.rejected-value', 'RejectedRecord');
    await serde.register('ns.readings.raw-value', 'RawReading');
    const context = { namespace: 'ns', serde } as unknown as KafkaContext;
    const messages = toWireMessages(context, [
      outbound(topics.raw, 'a', reading('a')),
      rejection(rejected('{')),
      outbound(topics.raw, 'b', reading('b')),
      rejection(rejected('[')),
    ]);
    expect(messages.map((message) => message.topic)).toEqual(['ns.readings.raw', 'ns.readings.rejected', 'ns.readings.raw', 'ns.readings.rejected']);
    expect(messages[2]!.value).toEqual(serde.encode('ns.readings.raw-value', 'RawReading', reading('b')));
    expect(messages[3]!.value).toEqual(serde.encode('ns.readings.rejected-value', 'RejectedRecord', rejected('[')));
    await expect(serde.decode('RawReading', messages[0]!.value!)).resolves.toEqual(reading('a'));
    await expect(serde.decode('RejectedRecord', messages[1]!.value!)).resolves.toEqual(rejected('{'));
  });
});
