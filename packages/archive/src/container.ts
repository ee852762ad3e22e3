import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { constants, deflateRaw, inflateRaw, zstdCompress, zstdDecompress } from 'node:zlib';
import avro from 'avsc';
import { schemaType, type ArchivedReading } from '@thermostream/avro';
import { technicalTime } from './layout.ts';

export type ArchiveCodec = 'deflate' | 'zstandard' | 'null';

/**
 * zlib's level for the deflate codec. On a file of 27,441 readings, level 1 took 0.8 µs of CPU per
 * reading and zlib's default (6) 2.8, for a file 17 % larger: the archiver compresses every reading,
 * and on a busy machine its CPU is taken from the rest of the pipeline.
 */
export const defaultDeflateLevel = 1;

/** zstd's level for the zstandard codec (Avro's name for it): its fastest, as deflate's is 1. */
const zstandardLevel = 1;

const deflate = promisify(deflateRaw);
const zstandard = promisify(zstdCompress);
const compressors: Record<ArchiveCodec, (bytes: Buffer, deflateLevel: number) => Promise<Buffer>> = {
  deflate: (bytes, level) => deflate(bytes, { level }),
  zstandard: (bytes) => zstandard(bytes, { params: { [constants.ZSTD_c_compressionLevel]: zstandardLevel } }),
  null: async (bytes) => bytes,
};
// avsc's decoder takes callback codecs; giving them replaces its defaults, so 'null' is listed too.
type Codec = (bytes: Buffer, done: (error: Error | null, result?: Buffer) => void) => void;
const decoders: Record<ArchiveCodec, Codec> = { deflate: inflateRaw, zstandard: zstdDecompress, null: (bytes, done) => done(null, bytes) };

const archivedType = schemaType('ArchivedReading');

/**
 * An archived record as a file keeps it: its Avro encoding, made once when the record is taken, and
 * what the rotation cuts files by. An open file holds about 130 bytes and one small object per
 * reading, where the decoded reading was a tree of objects and strings.
 */
export interface EncodedRecord {
  offset: number;
  /** Epoch milliseconds (`technicalTime`). */
  technicalTime: number;
  bytes: Buffer;
}

/** A Kafka record of readings.raw encodes to about 130 bytes; a batch's buffer starts at this many per record. */
const initialBytesPerRecord = 192;

/**
 * ArchivedReading without its last field, the reading: Avro writes a record's fields one after the
 * other, so these bytes followed by a reading's own encoding are the archived record's encoding.
 */
const kafkaCoordinatesType = (() => {
  const schema = archivedType.schema() as { fields: { name: string }[] };
  if (schema.fields.at(-1)?.name !== 'reading') throw new Error('ArchivedReading must end with its reading');
  return avro.Type.forSchema({ type: 'record', name: 'ArchivedReadingCoordinates', fields: schema.fields.slice(0, -1) } as avro.Schema);
})();

/**
 * Encodes a batch of records into one buffer, each record's bytes a view of it: one allocation per
 * batch instead of one per record. A reading given already encoded (`readingBodies[i]`, the Avro body
 * of a readings.raw value written with the archive's schema of a reading) is copied after the
 * record's Kafka coordinates instead of encoded again (avsc's share of the archiver's CPU under live
 * load fell from 15 % to 6 %).
 */
export function encodeArchived(records: readonly ArchivedReading[], readingBodies: readonly (Buffer | undefined)[] = []): EncodedRecord[] {
  let buffer = Buffer.allocUnsafe(Math.max(4096, records.length * initialBytesPerRecord));
  let at = 0;
  const encode = (record: ArchivedReading, body: Buffer | undefined): number => {
    if (body === undefined) return archivedType.encode(record, buffer, at);
    const end = kafkaCoordinatesType.encode(record, buffer, at);
    if (end < 0) return end - body.length;
    if (end + body.length > buffer.length) return buffer.length - end - body.length;
    return end + body.copy(buffer, end);
  };
  return records.map((record, index) => {
    const body = readingBodies[index];
    let end = encode(record, body);
    if (end < 0) {
      // encode answers minus the bytes the buffer lacks; the records before keep the old buffer.
      const recordLength = buffer.length - at - end;
      buffer = Buffer.allocUnsafe(Math.max(buffer.length, 2 * recordLength));
      at = 0;
      end = encode(record, body);
    }
    const bytes = buffer.subarray(at, end);
    at = end;
    return { offset: record.offset, technicalTime: technicalTime(record), bytes };
  });
}

// The object container format's own records (Avro specification, "Object Container Files").
const headerType = avro.Type.forSchema({
  type: 'record',
  name: 'org.apache.avro.file.Header',
  fields: [
    { name: 'magic', type: { type: 'fixed', name: 'Magic', size: 4 } },
    { name: 'meta', type: { type: 'map', values: 'bytes' } },
    { name: 'sync', type: { type: 'fixed', name: 'Sync', size: 16 } },
  ],
});
const longType = avro.Type.forSchema('long');
const magic = Buffer.from('Obj\u0001', 'latin1');
const writerSchema = Buffer.from(JSON.stringify(archivedType.schema({ exportAttrs: true })));
/** Uncompressed bytes of records per block, as avsc's encoder would cut them. */
const blockBytes = 256 * 1024;

/**
 * An Avro object container file of ArchivedReading values, written from their encodings; its header
 * carries the writer schema. Blocks are compressed at once, on the thread pool.
 */
export async function encodeContainer(records: readonly EncodedRecord[], codec: ArchiveCodec, deflateLevel = defaultDeflateLevel): Promise<Buffer> {
  const sync = randomBytes(16);
  const header = headerType.toBuffer({ magic, meta: { 'avro.schema': writerSchema, 'avro.codec': Buffer.from(codec) }, sync });
  const counts: number[] = [];
  const compressing: Promise<Buffer>[] = [];
  for (let start = 0; start < records.length; ) {
    let end = start + 1;
    let size = records[start]!.bytes.length;
    while (end < records.length && size + records[end]!.bytes.length <= blockBytes) size += records[end++]!.bytes.length;
    const data = Buffer.concat(records.slice(start, end).map((record) => record.bytes), size);
    counts.push(end - start);
    compressing.push(compressors[codec](data, deflateLevel));
    start = end;
  }
  const parts = [header];
  (await Promise.all(compressing)).forEach((data, index) => parts.push(longType.toBuffer(counts[index]!), longType.toBuffer(data.length), data, sync));
  return Buffer.concat(parts);
}

/** Reads a container file back, with the schema it carries. */
export function decodeContainer(bytes: Buffer): Promise<{ schema: unknown; records: ArchivedReading[] }> {
  return new Promise((resolve, reject) => {
    const records: ArchivedReading[] = [];
    let schema: unknown;
    const decoder = new avro.streams.BlockDecoder({ codecs: decoders } as never);
    decoder.on('metadata', (type: avro.Type) => (schema = type.schema()));
    decoder.on('data', (record: ArchivedReading) => records.push(record));
    decoder.on('error', reject);
    decoder.on('end', () => resolve({ schema, records }));
    decoder.end(bytes);
  });
}
