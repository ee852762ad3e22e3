import { createRecordsBatch, readRecordsBatch, Reader, type MessageRecord } from '@platformatic/kafka';
import { compressions } from './producer.ts';

// The client's record writer is patched to write a batch's records into one buffer (patches/). Its
// output must still be Kafka's record format, whatever the keys, values, headers and timestamps.

/** The bytes before the records of an uncompressed batch (v2): offset, length, epoch, magic, CRC, attributes, ... count. */
const batchHeaderBytes = 61;
const firstTimestamp = 1_764_000_000_000n;

const record = (key: string | null, value: string | null, timestamp: bigint, headers?: Map<Buffer, Buffer>): MessageRecord => ({
  key: key === null ? null : Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
  headers: headers ?? new Map(),
  topic: 't',
  partition: 0,
  timestamp,
} as unknown as MessageRecord);

describe("the Kafka client's record batches", () => {
  it('lay out a record as the protocol defines it: length, attributes, deltas, key, value, headers, as zigzag varints', () => {
    const message = record('k', 'v', firstTimestamp, new Map([[Buffer.from('h'), Buffer.from('x')]]));
    const batch = createRecordsBatch([message]).buffer;
    // 12 bytes after the length (zigzag 24 = 0x18): attributes 0, timestamp delta 0, offset delta 0,
    // key of 1 byte (zigzag 2), 'k', value of 1 byte, 'v', 1 header, its key and value of 1 byte each.
    expect([...batch.subarray(batchHeaderBytes)]).toEqual([0x18, 0, 0, 0, 2, 0x6b, 2, 0x76, 2, 2, 0x68, 2, 0x78]);
  });

  it('write a null key and a null value as length -1, and an empty value as length 0', () => {
    const batch = createRecordsBatch([record(null, null, firstTimestamp), record('k', '', firstTimestamp)]).buffer;
    expect([...batch.subarray(batchHeaderBytes)]).toEqual([0x0c, 0, 0, 0, 1, 1, 0, 0x0e, 0, 0, 2, 2, 0x6b, 0, 0]);
  });

  // Deltas of 2^31 ms and more were wrong before the patch (the zigzag shifted by 31 bits, not 63).
  const timestampDeltas = [0n, 1n, -1n, 2n ** 31n - 1n, 2n ** 31n, -(2n ** 31n) - 1n, 10n ** 12n, -(10n ** 12n), 2n ** 51n, 2n ** 53n + 1n, -(2n ** 62n)];

  it.each(compressions)('come back as written with %s: keys, values, headers, offsets and timestamps before and after the first', (compression) => {
    const messages = timestampDeltas.flatMap((delta, index) => [
      record(`id-${index}`, `reading ${index}`, firstTimestamp + delta, new Map([[Buffer.from('source'), Buffer.from(`s${index}`)]])),
      record(null, 'x'.repeat(200 + index), firstTimestamp + delta),
      record(`tombstone-${index}`, null, firstTimestamp),
    ]);
    const batch = readRecordsBatch(Reader.from(createRecordsBatch(messages, compression === 'none' ? {} : { compression }).buffer));
    expect(batch.firstTimestamp).toBe(firstTimestamp);
    expect(batch.maxTimestamp).toBe(firstTimestamp + 2n ** 53n + 1n);
    expect(batch.records).toHaveLength(messages.length);
    batch.records.forEach((decoded, index) => {
      const written = messages[index]!;
      expect(decoded.offsetDelta).toBe(index);
      expect(decoded.timestampDelta).toBe((written.timestamp as bigint) - firstTimestamp);
      expect((decoded.key as Buffer | null)?.toString() ?? null).toBe(written.key === null ? null : String(written.key));
      expect((decoded.value as Buffer | null)?.toString() ?? null).toBe(written.value === null ? null : String(written.value));
      expect(decoded.headers.map(([key, value]) => [key?.toString(), value?.toString()])).toEqual(
        [...(written.headers as Map<Buffer, Buffer>)].map(([key, value]) => [key.toString(), value.toString()]),
      );
    });
  });
});
