import type { CurrentVersion } from './plan-versions.ts';
import { encodedSizeAt, encodedVersionSize, encodeVersionInto } from './version-codec.ts';

/**
 * A partition's writes in one buffer, handed to the store's writer thread without copying: for each
 * id, its byte length (2 bytes), the id, then 0 to delete it or 1 and its encoded version.
 */
export function packWrites(versions: ReadonlyMap<string, CurrentVersion | undefined>): ArrayBuffer {
  let size = 0;
  for (const [id, version] of versions) size += 3 + Buffer.byteLength(id, 'utf8') + (version === undefined ? 0 : encodedVersionSize(version));
  // Its own ArrayBuffer, never a slice of Node's shared pool: transferring it detaches it.
  const packed = new ArrayBuffer(size);
  const target = Buffer.from(packed);
  let offset = 0;
  for (const [id, version] of versions) {
    const length = target.write(id, offset + 2, 'utf8');
    target.writeUInt16LE(length, offset);
    offset += 2 + length;
    if (version === undefined) {
      target[offset++] = 0;
    } else {
      target[offset++] = 1;
      offset = encodeVersionInto(version, target, offset);
    }
  }
  return packed;
}

/** The ids and encoded versions (undefined: delete) of a packed buffer, in their order. */
export function* unpackWrites(packed: ArrayBuffer): Generator<[id: string, version: Buffer | undefined]> {
  const source = Buffer.from(packed);
  let offset = 0;
  while (offset < source.length) {
    const length = source.readUInt16LE(offset);
    const id = source.toString('utf8', offset + 2, offset + 2 + length);
    offset += 2 + length;
    if (source[offset++] === 0) {
      yield [id, undefined];
      continue;
    }
    const size = encodedSizeAt(source, offset);
    yield [id, source.subarray(offset, offset + size)];
    offset += size;
  }
}
