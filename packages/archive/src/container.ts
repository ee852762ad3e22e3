import { deflateRaw, inflateRaw } from 'node:zlib';
import avro from 'avsc';
import { schemaType, type ArchivedReading } from '@thermostream/avro';

export type ArchiveCodec = 'deflate' | 'null';

type Codec = (bytes: Buffer, done: (error: Error | null, result?: Buffer) => void) => void;
const identity: Codec = (bytes, done) => done(null, bytes);
// Giving avsc codecs replaces its defaults, so 'null' is listed too.
const encoders: Record<ArchiveCodec, Codec> = { deflate: deflateRaw, null: identity };
const decoders: Record<ArchiveCodec, Codec> = { deflate: inflateRaw, null: identity };

const archivedType = schemaType('ArchivedReading');

/** The Avro encoding of one archived record, uncompressed: what the rotation counts as its size. */
export const archivedRecordSize = (record: ArchivedReading) => archivedType.toBuffer(record).length;

/** An Avro object container file of ArchivedReading values; its header carries the writer schema. */
export function encodeContainer(records: readonly ArchivedReading[], codec: ArchiveCodec): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const encoder = new avro.streams.BlockEncoder(archivedType, { codec, codecs: encoders, blockSize: 256 * 1024 } as never);
    encoder.on('data', (chunk: Buffer) => chunks.push(chunk));
    encoder.on('error', reject);
    encoder.on('end', () => resolve(Buffer.concat(chunks)));
    for (const record of records) encoder.write(record);
    encoder.end();
  });
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
