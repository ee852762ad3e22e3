import type avro from 'avsc';
import { UndecodableRecordError } from './errors.ts';
import type { SchemaName, SchemaRecords } from './records.ts';
import type { SchemaRegistry } from './registry.ts';
import { loadSchema, schemaType } from './schemas.ts';

const magicByte = 0;
const headerLength = 5;

/**
 * Avro values in the Confluent wire format: a zero byte, the 4-byte schema id, the Avro body.
 * Encoding needs the subject registered first; decoding resolves any writer schema (a direct
 * publisher's older or newer version) to ours.
 */
export interface AvroSerde {
  register(subject: string, schemaName: SchemaName): Promise<void>;
  encode<S extends SchemaName>(subject: string, schemaName: S, value: SchemaRecords[S]): Buffer;
  /**
   * Writes the value in the wire format into `target` from `offset`, and returns where it ends; when
   * `target` is too small, returns minus the number of bytes missing and what it wrote is garbage.
   */
  encodeInto<S extends SchemaName>(subject: string, schemaName: S, value: SchemaRecords[S], target: Buffer, offset: number): number;
  decode<S extends SchemaName>(schemaName: S, bytes: Buffer | null): Promise<SchemaRecords[S]>;
  /**
   * Decodes a batch of values, each to its record or to the UndecodableRecordError that says why not;
   * each writer schema is looked up once, then every value decodes without waiting. A registry that
   * cannot be reached throws.
   */
  decodeAll<S extends SchemaName>(schemaName: S, values: readonly (Buffer | null)[]): Promise<(SchemaRecords[S] | UndecodableRecordError)[]>;
  /**
   * The Avro body of a wire-format value (past its header) when it was written with the schema this
   * process registered under `subject`, so that it can be copied into a record of that schema without
   * decoding and encoding it again; undefined when another schema wrote it.
   */
  bodyInRegisteredSchema(subject: string, bytes: Buffer): Buffer | undefined;
}

export function createAvroSerde(registry: SchemaRegistry): AvroSerde {
  const idsBySubject = new Map<string, number>();
  let scratch = Buffer.allocUnsafe(64 * 1024);
  const resolvers = new Map<string, avro.Type | avro.Resolver>();

  async function readerFor(schemaName: SchemaName, writerId: number): Promise<{ type: avro.Type; resolver?: avro.Resolver }> {
    const reader = schemaType(schemaName);
    const key = `${schemaName}:${writerId}`;
    let cached = resolvers.get(key);
    if (cached === undefined) {
      const writer = await registry.schemaById(writerId);
      cached = writer.equals(reader) ? reader : reader.createResolver(writer);
      resolvers.set(key, cached);
    }
    return cached === reader ? { type: reader } : { type: reader, resolver: cached as avro.Resolver };
  }

  async function decodeAll<S extends SchemaName>(schemaName: S, values: readonly (Buffer | null)[]): Promise<(SchemaRecords[S] | UndecodableRecordError)[]> {
    const writerIds = values.map(writerIdOf);
    const readers = new Map<number, { type: avro.Type; resolver?: avro.Resolver } | UndecodableRecordError>();
    // Indexed: a for-of loop that may await allocates an iterator result for every value.
    for (let index = 0; index < writerIds.length; index++) {
      const id = writerIds[index]!;
      if (typeof id !== 'number' || readers.has(id)) continue;
      try {
        readers.set(id, await readerFor(schemaName, id));
      } catch (error) {
        // A schema id the registry does not know makes its values undecodable, not the whole batch.
        if (!(error instanceof UndecodableRecordError)) throw error;
        readers.set(id, error);
      }
    }
    return values.map((bytes, index) => {
      const id = writerIds[index]!;
      if (id instanceof UndecodableRecordError) return id;
      const reader = readers.get(id)!;
      if (reader instanceof UndecodableRecordError) return reader;
      const { type, resolver } = reader;
      try {
        // Read in place, past the header, rather than from a view of the body made for each value.
        const { value, offset } = type.decode(bytes!, headerLength, resolver);
        if (offset === bytes!.length) return value as SchemaRecords[S];
        return notAvro(schemaName, offset < 0 ? 'truncated buffer' : 'trailing data');
      } catch (error) {
        return notAvro(schemaName, (error as Error).message, error);
      }
    });
  }

  function encodeInto<S extends SchemaName>(subject: string, schemaName: S, value: SchemaRecords[S], target: Buffer, offset: number): number {
    const id = idsBySubject.get(subject);
    if (id === undefined) throw new Error(`subject ${subject} was not registered before encoding`);
    if (target.length < offset + headerLength) return target.length - offset - headerLength;
    const end = schemaType(schemaName).encode(value, target, offset + headerLength);
    if (end < 0) return end;
    target.writeUInt8(magicByte, offset);
    target.writeUInt32BE(id, offset + 1);
    return end;
  }

  return {
    async register(subject, schemaName) {
      idsBySubject.set(subject, await registry.register(subject, loadSchema(schemaName)));
    },

    encode(subject, schemaName, value) {
      // Encoded in a scratch buffer kept for the next value, then copied once.
      let end = encodeInto(subject, schemaName, value, scratch, 0);
      while (end < 0) {
        scratch = Buffer.allocUnsafe(Math.max(2 * scratch.length, scratch.length - end));
        end = encodeInto(subject, schemaName, value, scratch, 0);
      }
      const bytes = Buffer.allocUnsafe(end);
      scratch.copy(bytes, 0, 0, end);
      return bytes;
    },
    encodeInto,

    async decode(schemaName, bytes) {
      const [decoded] = await decodeAll(schemaName, [bytes]);
      if (decoded instanceof UndecodableRecordError) throw decoded;
      return decoded!;
    },
    decodeAll,

    bodyInRegisteredSchema(subject, bytes) {
      const registered = idsBySubject.get(subject);
      if (registered === undefined || writerIdOf(bytes) !== registered) return undefined;
      return bytes.subarray(headerLength);
    },
  };
}

const notAvro = (schemaName: SchemaName, why: string, cause?: unknown) =>
  new UndecodableRecordError(`record value is not valid Avro for ${schemaName}: ${why}`, cause === undefined ? {} : { cause });

/** The writer schema id of a value in the wire format, or why it is not in it. */
function writerIdOf(bytes: Buffer | null): number | UndecodableRecordError {
  if (bytes === null || bytes.length < headerLength) return new UndecodableRecordError('record value is empty or shorter than the Avro wire header');
  if (bytes.readUInt8(0) !== magicByte) return new UndecodableRecordError(`record value starts with byte ${bytes.readUInt8(0)}, not the Avro wire-format magic byte 0`);
  return bytes.readUInt32BE(1);
}
