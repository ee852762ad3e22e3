import type { ReadingVersion } from '@thermostream/avro';
import { lakeFolder } from './layout.ts';

/** Versions packed for the lake, by folder, in the versions' order. */
export interface LakeRows {
  count: number;
  byFolder: Map<string, FolderRows>;
}

/** One folder's versions of a record: all share the folder's region (null abroad). */
export interface FolderRows {
  regionCode: string | null;
  rows: number;
  /** The rows one after the other, as `unpackRows` reads them. */
  bytes: Buffer;
}

/**
 * A packed row: eight doubles (version, hour, event_time, temperature, lat, lon, valid_from,
 * raw_offset: Avro longs are read as doubles, exact below 2^53), raw_partition (int32), late (one
 * byte), the id's UTF-8 length (uint16) and its bytes. The region is the folder's.
 */
export const packedNumbers = 8;
const partitionAt = packedNumbers * 8;
const lateAt = partitionAt + 4;
const idLengthAt = lateAt + 1;
const idAt = idLengthAt + 2;
const longestId = 0xffff;

/**
 * Packs versions for the lake as soon as they are taken: a cut holds up to hundreds of thousands of
 * versions a partition, and one buffer per folder of a record costs the collector far less than
 * that many decoded objects. Numbers stay binary (formatting and parsing them as text took most of
 * the lake-writer's CPU).
 */
export function lakeRows(versions: readonly ReadingVersion[]): LakeRows {
  const grouped = new Map<string, ReadingVersion[]>();
  for (const version of versions) {
    const folder = lakeFolder(version);
    const inFolder = grouped.get(folder);
    if (inFolder) inFolder.push(version);
    else grouped.set(folder, [version]);
  }
  const byFolder = new Map<string, FolderRows>();
  for (const [folder, inFolder] of grouped) byFolder.set(folder, { regionCode: inFolder[0]!.region_code, rows: inFolder.length, bytes: packRows(inFolder) });
  return { count: versions.length, byFolder };
}

function packRows(versions: readonly ReadingVersion[]): Buffer {
  let size = 0;
  for (const version of versions) size += idAt + Buffer.byteLength(version.reading_id, 'utf8');
  const bytes = Buffer.allocUnsafe(size);
  let at = 0;
  for (const version of versions) {
    bytes.writeDoubleLE(version.version, at);
    bytes.writeDoubleLE(version.hour, at + 8);
    bytes.writeDoubleLE(version.event_time, at + 16);
    bytes.writeDoubleLE(version.temperature, at + 24);
    bytes.writeDoubleLE(version.lat, at + 32);
    bytes.writeDoubleLE(version.lon, at + 40);
    bytes.writeDoubleLE(version.valid_from, at + 48);
    bytes.writeDoubleLE(version.raw_offset, at + 56);
    bytes.writeInt32LE(version.raw_partition, at + partitionAt);
    bytes[at + lateAt] = version.late ? 1 : 0;
    const idLength = bytes.write(version.reading_id, at + idAt, 'utf8');
    if (idLength > longestId) throw new Error(`reading id ${JSON.stringify(version.reading_id.slice(0, 64))}… is longer than ${longestId} bytes: the lake cannot store it`);
    bytes.writeUInt16LE(idLength, at + idLengthAt);
    at += idAt + idLength;
  }
  return bytes;
}

/** Where unpacked rows go: one array per column, written at the row's index. */
export interface RowColumns {
  /** version, hour, event_time, temperature, lat, lon, valid_from, raw_offset. */
  numbers: readonly Float64Array[];
  rawPartition: Int32Array;
  /** 1 when late, else 0. */
  late: Uint8Array;
  /** Told each row's id as UTF-8 bytes (a view into the packed rows). */
  id: (row: number, utf8: Uint8Array) => void;
}

/** Unpacks `count` rows from `at` into `columns` from row `firstRow` on; returns where the next row starts. */
export function unpackRows(bytes: Buffer, at: number, count: number, columns: RowColumns, firstRow: number): number {
  const { numbers, rawPartition, late } = columns;
  for (let row = firstRow; row < firstRow + count; row++) {
    for (let index = 0; index < packedNumbers; index++) numbers[index]![row] = bytes.readDoubleLE(at + 8 * index);
    rawPartition[row] = bytes.readInt32LE(at + partitionAt);
    late[row] = bytes[at + lateAt]!;
    const idLength = bytes.readUInt16LE(at + idLengthAt);
    columns.id(row, bytes.subarray(at + idAt, at + idAt + idLength));
    at += idAt + idLength;
  }
  return at;
}
