import type { CurrentVersion } from './plan-versions.ts';

/**
 * The local store's value of a current version: seven doubles and the region code, 57 bytes and the
 * code's. Fixed offsets read and write in a fraction of what a general encoder takes, on the thread
 * that bounds the scd-writer; the key (the reading id) is not repeated in the value.
 */
const numbers = 7;
const regionAt = numbers * 8;
const noRegion = 0xff;

export function encodedVersionSize(version: CurrentVersion): number {
  return regionAt + 1 + (version.region_code === null ? 0 : Buffer.byteLength(version.region_code, 'utf8'));
}

/** Writes `version` at `offset` of `target`; returns the offset after it. */
export function encodeVersionInto(version: CurrentVersion, target: Buffer, offset: number): number {
  target.writeDoubleLE(version.version, offset);
  target.writeDoubleLE(version.hour, offset + 8);
  target.writeDoubleLE(version.event_time, offset + 16);
  target.writeDoubleLE(version.temperature, offset + 24);
  target.writeDoubleLE(version.lat, offset + 32);
  target.writeDoubleLE(version.lon, offset + 40);
  target.writeDoubleLE(version.valid_from, offset + 48);
  if (version.region_code === null) {
    target[offset + regionAt] = noRegion;
    return offset + regionAt + 1;
  }
  const length = target.write(version.region_code, offset + regionAt + 1, 'utf8');
  if (length >= noRegion) throw new Error(`region code ${JSON.stringify(version.region_code)} is too long for the local store`);
  target[offset + regionAt] = length;
  return offset + regionAt + 1 + length;
}

export function encodeVersion(version: CurrentVersion): Buffer {
  const encoded = Buffer.allocUnsafe(encodedVersionSize(version));
  encodeVersionInto(version, encoded, 0);
  return encoded;
}

export function decodeVersion(readingId: string, encoded: Uint8Array): CurrentVersion {
  const bytes = Buffer.isBuffer(encoded) ? encoded : Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  const regionLength = bytes[regionAt]!;
  return {
    reading_id: readingId,
    version: bytes.readDoubleLE(0),
    region_code: regionLength === noRegion ? null : bytes.toString('utf8', regionAt + 1, regionAt + 1 + regionLength),
    hour: bytes.readDoubleLE(8),
    event_time: bytes.readDoubleLE(16),
    temperature: bytes.readDoubleLE(24),
    lat: bytes.readDoubleLE(32),
    lon: bytes.readDoubleLE(40),
    valid_from: bytes.readDoubleLE(48),
  };
}

/** The size of the encoded version that starts at `offset`. */
export function encodedSizeAt(bytes: Buffer, offset: number): number {
  const regionLength = bytes[offset + regionAt]!;
  return regionAt + 1 + (regionLength === noRegion ? 0 : regionLength);
}
