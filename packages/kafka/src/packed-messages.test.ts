import { createAvroSerde, createInMemorySchemaRegistry, type RawReading, type RejectedRecord } from '@thermostream/avro';
import { packRecords, unpackMessages } from './packed-messages.ts';
import { outbound, rejection, type OutboundRecord } from './records.ts';
import { topics } from './topics.ts';

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
  service: 'http-ingest',
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
  record_index: 3,
  rejected_at: 1764000000000,
});

async function context(namespace: string) {
  const serde = createAvroSerde(createInMemorySchemaRegistry());
  await serde.register(`${namespace}.readings.raw-value`, 'RawReading');
  await serde.register(`${namespace}.readings.rejected-value`, 'RejectedRecord');
  return { namespace, serde };
}

describe('packRecords / unpackMessages', () => {
  it('gives back every record in order: namespaced topic, UTF-8 key or none, wire-format value, partition and timestamp when set', async () => {
    const packing = await context('ns1');
    const records: OutboundRecord[] = [
      outbound(topics.raw, 'capteur-été-1', reading('capteur-été-1')),
      rejection(rejected('{"id":')),
      { ...outbound(topics.raw, '', reading('')), partition: 4, timestamp: 1764547200123 },
    ];
    const unpacked = unpackMessages(packRecords(packing, records));
    expect(unpacked.map((message) => message.topic)).toEqual(['ns1.readings.raw', 'ns1.readings.rejected', 'ns1.readings.raw']);
    expect(unpacked.map((message) => message.key?.toString('utf8'))).toEqual(['capteur-été-1', undefined, '']);
    expect(unpacked.map((message) => message.partition)).toEqual([undefined, undefined, 4]);
    expect(unpacked.map((message) => message.timestamp)).toEqual([undefined, undefined, 1764547200123n]);
    await expect(packing.serde.decode('RawReading', unpacked[0]!.value!)).resolves.toEqual(reading('capteur-été-1'));
    await expect(packing.serde.decode('RejectedRecord', unpacked[1]!.value!)).resolves.toEqual(rejected('{"id":'));
    expect(unpacked[0]!.value).toEqual(packing.serde.encode('ns1.readings.raw-value', 'RawReading', reading('capteur-été-1')));
  });

  it('grows its buffer for values larger than it started with, and keeps what it had packed', async () => {
    const packing = await context('ns2');
    const large = 'x'.repeat(20_000);
    const records = [outbound(topics.raw, 'a', reading('a')), rejection(rejected(large)), outbound(topics.raw, 'b', reading('b'))];
    const packed = packRecords(packing, records);
    expect(packed.bytes.byteLength).toBeGreaterThan(20_000);
    const unpacked = unpackMessages(packed);
    await expect(packing.serde.decode('RawReading', unpacked[0]!.value!)).resolves.toEqual(reading('a'));
    await expect(packing.serde.decode('RejectedRecord', unpacked[1]!.value!)).resolves.toMatchObject({ payload: large });
    await expect(packing.serde.decode('RawReading', unpacked[2]!.value!)).resolves.toEqual(reading('b'));
  });

  it("packs into a buffer of its own, which a thread can be handed, not a slice of Node's shared pool", async () => {
    const packed = packRecords(await context('ns3'), [outbound(topics.raw, 'a', reading('a'))]);
    expect(packed.bytes.byteOffset).toBe(0);
    expect(packed.bytes.buffer).not.toBe(Buffer.from('a').buffer);
  });

  it('refuses a record whose subject was never registered', async () => {
    expect(() => packRecords({ namespace: 'ns4', serde: createAvroSerde(createInMemorySchemaRegistry()) }, [outbound(topics.raw, 'a', reading('a'))])).toThrow(
      /subject ns4.readings.raw-value was not registered/,
    );
  });
});
