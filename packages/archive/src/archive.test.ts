import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { schemaType } from '@thermostream/avro';
import { archiveFilePath, createArchiveRotation, decodeContainer, encodeArchived, encodeContainer, localDirectoryStorage, parseArchiveFilePath, type ArchiveFile, type EncodedRecord } from './index.ts';
import { archivedRecord } from './test-records.ts';

const at = (hour: number, minute = 0) => Date.UTC(2026, 10, 24, hour, minute);

const record = (offset: number, receivedAt: number | null, timestamp = at(8)) => encodeArchived([archivedRecord(offset, receivedAt, timestamp)])[0]!;

const summary = (files: ArchiveFile[]) => files.map((file) => `${file.path.split('/').slice(0, 2).join('/')} +${file.records[0]!.offset} ×${file.records.length}`);

/** Feeds the records in batches of the given sizes, then closes what is open, as an idle flush would. */
function filesOf(records: EncodedRecord[], batchSizes: number[], limits = { maxRecordsPerFile: 3, maxBytesPerFile: 1_000_000 }): ArchiveFile[] {
  const rotation = createArchiveRotation('readings.raw', limits);
  const files: ArchiveFile[] = [];
  let next = 0;
  for (const size of batchSizes) {
    files.push(...rotation.append(0, records.slice(next, next + size), 0).closed);
    next += size;
  }
  files.push(...rotation.append(0, records.slice(next), 0).closed);
  const last = rotation.close(0);
  if (last) files.push(last.file);
  return files;
}

describe('archive layout', () => {
  it('names a file from topic, partition and first offset under its ingest date and hour, and reads the name back', () => {
    const name = archiveFilePath('readings.raw', 3, 42, at(9, 59));
    expect(name).toBe('dt=2026-11-24/hour=09/readings.raw+3+0000000000000000042.avro');
    expect(parseArchiveFilePath(name)).toEqual({ hour: at(9), topic: 'readings.raw', partition: 3, firstOffset: 42 });
    expect(parseArchiveFilePath('dt=2026-11-24/hour=09/.readings.raw+3+0000000000000000042.avro.tmp')).toBeUndefined();
  });
});

describe('archive rotation', () => {
  const records = [record(0, at(9, 58)), record(1, at(9, 59)), record(2, at(10, 1)), record(3, at(10, 2)), record(4, at(10, 3)), record(5, at(10, 4)), record(6, null, at(10, 30))];

  it('closes a file at the record limit and at the technical hour boundary (ingest time, else the Kafka timestamp)', () => {
    expect(summary(filesOf(records, []))).toEqual(['dt=2026-11-24/hour=09 +0 ×2', 'dt=2026-11-24/hour=10 +2 ×3', 'dt=2026-11-24/hour=10 +5 ×2']);
  });

  it('cuts the same files whatever batches the records arrive in', () => {
    const expected = summary(filesOf(records, []));
    for (const batches of [[1, 1, 1, 1, 1, 1], [4, 2], [2, 3], [6]]) expect(summary(filesOf(records, batches))).toEqual(expected);
  });

  it('closes a file before the record that would take it over the byte limit', () => {
    const size = record(0, at(10)).bytes.length;
    const sameHour = [0, 1, 2, 3, 4].map((offset) => record(offset, at(10, offset)));
    expect(summary(filesOf(sameHour, [], { maxRecordsPerFile: 100, maxBytesPerFile: size * 2 + 1 }))).toEqual([
      'dt=2026-11-24/hour=10 +0 ×2',
      'dt=2026-11-24/hour=10 +2 ×2',
      'dt=2026-11-24/hour=10 +4 ×1',
    ]);
  });

  it('commits no further than the first record of the open file', () => {
    const rotation = createArchiveRotation('readings.raw', { maxRecordsPerFile: 3, maxBytesPerFile: 1_000_000 });
    expect(rotation.committableOffset(0)).toBeUndefined();
    rotation.append(0, records.slice(0, 4), 0);
    expect(rotation.committableOffset(0)).toBe(2);
    rotation.close(0);
    expect(rotation.committableOffset(0)).toBe(4);
  });

  it('skips records fetched again after a rebalance, and undoes an append whose files could not be written', () => {
    const rotation = createArchiveRotation('readings.raw', { maxRecordsPerFile: 3, maxBytesPerFile: 1_000_000 });
    rotation.append(0, records.slice(0, 3), 0);
    expect(rotation.append(0, records.slice(0, 3), 0).closed).toEqual([]);
    const failed = rotation.append(0, records.slice(3), 0);
    expect(failed.closed).toHaveLength(1);
    failed.rollback();
    expect(rotation.committableOffset(0)).toBe(2);
    expect(summary(rotation.append(0, records.slice(3), 0).closed)).toEqual(summary(failed.closed));
  });

  it('reports a partition idle once nothing was appended for the idle time', () => {
    const rotation = createArchiveRotation('readings.raw', { maxRecordsPerFile: 10, maxBytesPerFile: 1_000_000 });
    rotation.append(0, records.slice(0, 1), 1_000);
    rotation.append(1, records.slice(1, 2), 5_000);
    expect(rotation.idlePartitions(6_000, 4_000)).toEqual([0]);
  });
});

describe('Avro container files', () => {
  it('round-trips archived records with deflate and carries the writer schema', async () => {
    const archived = [archivedRecord(7, at(1), at(8)), archivedRecord(8, null, at(8))];
    const bytes = await encodeContainer(encodeArchived(archived), 'deflate');
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('Obj\u0001');
    const decoded = await decodeContainer(bytes);
    expect(decoded.records).toEqual(archived);
    expect(decoded.schema).toMatchObject({ name: 'com.thermostream.archive.ArchivedReading' });
  });

  it('writes a reading given already encoded exactly as it would have encoded it, the buffer growing as needed', () => {
    const rawReading = schemaType('RawReading');
    // Records with long keys, then long readings, to outgrow the batch's first buffer in either part; some without their encoding.
    const archived = Array.from({ length: 300 }, (_, offset) => {
      const record = archivedRecord(offset, offset % 3 === 0 ? null : at(1), at(8));
      const long = 'x'.repeat(offset % 150) + String(offset);
      return offset < 150 ? { ...record, key: long } : { ...record, reading: { ...record.reading, id: long.repeat(8) } };
    });
    const bodies = archived.map((record, index) => (index % 4 === 0 ? undefined : rawReading.toBuffer(record.reading)));
    const copied = encodeArchived(archived, bodies);
    const encoded = encodeArchived(archived);
    expect(copied.map((record) => record.bytes.toString('hex'))).toEqual(encoded.map((record) => record.bytes.toString('hex')));
    expect(copied.map((record) => record.technicalTime)).toEqual(encoded.map((record) => record.technicalTime));
  });

  it('compresses at the deflate level it is given, and reads every level back', async () => {
    const archived = Array.from({ length: 2_000 }, (_, offset) => archivedRecord(offset, at(1, offset % 60), at(8)));
    const encoded = encodeArchived(archived);
    const fastest = await encodeContainer(encoded, 'deflate', 1);
    const smallest = await encodeContainer(encoded, 'deflate', 9);
    expect(smallest.length).toBeLessThan(fastest.length);
    expect((await decodeContainer(fastest)).records).toEqual(archived);
    expect((await decodeContainer(smallest)).records).toEqual(archived);
  });

  it('encodes a record larger than the batch buffer was sized for', async () => {
    const long = { ...archivedRecord(9, at(1), at(8)), key: 'k'.repeat(10_000) };
    const archived = [archivedRecord(8, at(1), at(8)), long, archivedRecord(10, at(1), at(8))];
    const encoded = encodeArchived(archived);
    expect(encoded.map((record) => record.offset)).toEqual([8, 9, 10]);
    expect((await decodeContainer(await encodeContainer(encoded, 'null'))).records).toEqual(archived);
  });

  it('cuts many records into blocks of about 256 KiB and reads every one back, in order, with either codec', async () => {
    const archived = Array.from({ length: 6_000 }, (_, offset) => archivedRecord(offset, at(1, offset % 60), at(8)));
    for (const codec of ['zstandard', 'deflate', 'null'] as const) {
      const bytes = await encodeContainer(encodeArchived(archived), codec);
      const decoded = await decodeContainer(bytes);
      expect(decoded.records).toEqual(archived);
      // The header and every block end with the file's 16-byte sync marker.
      const sync = bytes.subarray(bytes.length - 16);
      let markers = 0;
      for (let at = bytes.indexOf(sync); at >= 0; at = bytes.indexOf(sync, at + 16)) markers += 1;
      expect(markers).toBeGreaterThanOrEqual(1 + 2);
    }
  });

  it('leaves only the complete file visible after a write, and lists only complete archive files', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'archive-'));
    const storage = localDirectoryStorage(root);
    const bytes = await encodeContainer([record(0, at(1))], 'null');
    const name = archiveFilePath('readings.raw', 0, 0, at(1));
    await storage.write(name, bytes);
    expect(readdirSync(path.join(root, 'dt=2026-11-24/hour=01'))).toEqual([path.basename(name)]);
    expect(readFileSync(path.join(root, name)).equals(bytes)).toBe(true);
    expect(await storage.list()).toEqual([name]);
    expect((await storage.read(name)).equals(bytes)).toBe(true);
  });
});
