import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { localDirectoryStorage } from '@thermostream/archive';
import type { ReadingVersion } from '@thermostream/avro';
import { createLakeFileEncoder, createLakeRotation, isLakeFile, lakeRows, lakeCutName, lakeFilePath, lakeFolder, openLake, parseLakeFilePath, type LakeRecord } from './index.ts';

const at = (day: number, hour: number, minute = 0) => Date.UTC(2026, 10, day, hour, minute);

const version = (readingId: string, number: number, overrides: Partial<ReadingVersion> = {}): ReadingVersion => ({
  reading_id: readingId,
  version: number,
  region_code: 'FR-IDF',
  hour: at(24, 10),
  event_time: at(24, 10, 15),
  temperature: 12.5,
  lat: 48.85,
  lon: 2.35,
  valid_from: at(24, 10, 20),
  late: false,
  raw_partition: 0,
  raw_offset: number,
  ...overrides,
});

describe('lake layout', () => {
  it('puts a version under the UTC date of its hour and its region, readings abroad under region=none', () => {
    expect(lakeFolder(version('a', 1, { hour: at(24, 23) }))).toBe('date=2026-11-24/region=FR-IDF');
    expect(lakeFolder(version('a', 1, { region_code: null, hour: at(25, 0) }))).toBe('date=2026-11-25/region=none');
  });

  it('names a file from topic, partition and first offset of its cut, and reads the name back', () => {
    const name = lakeFilePath('date=2026-11-24/region=FR-ARA', lakeCutName('readings.versions', 3, 42));
    expect(name).toBe('date=2026-11-24/region=FR-ARA/readings.versions+3+0000000000000000042.parquet');
    expect(parseLakeFilePath(name)).toEqual({ date: '2026-11-24', region: 'FR-ARA', topic: 'readings.versions', partition: 3, firstOffset: 42 });
    expect(isLakeFile('date=2026-11-24/region=FR-ARA/.readings.versions+3+0000000000000000042.parquet.tmp')).toBe(false);
  });
});

describe('lake rotation', () => {
  const record = (offset: number, versions: number, timestamp = at(24, 10)): LakeRecord => ({
    offset,
    timestamp,
    rows: lakeRows(Array.from({ length: versions }, (_, index) => version(`r${offset}-${index}`, 1))),
  });
  const cuts = (records: LakeRecord[], batchSizes: number[]) => {
    const rotation = createLakeRotation('readings.versions', { maxVersionsPerCut: 5, maxCutAgeMs: 60_000 });
    const closed: string[] = [];
    let next = 0;
    for (const size of [...batchSizes, records.length]) {
      closed.push(...rotation.append(0, records.slice(next, next + size), 0).closed.map((cut) => `${cut.path} ×${cut.records.length}`));
      next += size;
    }
    const last = rotation.close(0);
    if (last) closed.push(`${last.file.path} ×${last.file.records.length}`);
    return closed;
  };
  const records = [record(0, 2), record(1, 2), record(2, 2), record(3, 1, at(24, 10, 1)), record(4, 3, at(24, 10, 1)), record(5, 1, at(24, 10, 1))];

  it('cuts before the record that would take the cut over its version count or age, never inside a record', () => {
    expect(cuts(records, [])).toEqual([
      'readings.versions+0+0000000000000000000 ×2',
      'readings.versions+0+0000000000000000002 ×1',
      'readings.versions+0+0000000000000000003 ×3',
    ]);
  });

  it('cuts the same whatever batches the records arrive in', () => {
    const expected = cuts(records, []);
    for (const batches of [[1, 1, 1, 1, 1], [4, 1], [2, 3], [5]]) expect(cuts(records, batches)).toEqual(expected);
  });

  it('commits no further than the first record of the open cut', () => {
    const rotation = createLakeRotation('readings.versions', { maxVersionsPerCut: 5, maxCutAgeMs: 60_000 });
    rotation.append(0, records.slice(0, 3), 0);
    expect(rotation.committableOffset(0)).toBe(2);
  });
});

/** Writes the cuts' files into a fresh lake directory and opens it. */
async function lakeOf(cuts: { name: string; versions: ReadingVersion[] }[]) {
  const lakeDir = mkdtempSync(path.join(tmpdir(), 'thermostream-lake-test-'));
  const storage = localDirectoryStorage(lakeDir, isLakeFile);
  const encoder = await createLakeFileEncoder();
  for (const cut of cuts) for (const file of await encoder.encode(cut.name, [lakeRows(cut.versions)])) await storage.write(file.path, file.bytes);
  await encoder.close();
  return { lakeDir, storage, lake: await openLake(lakeDir) };
}

describe('lake files', () => {
  it('writes one zstd Parquet file per folder of a cut, the same bytes for the same versions', async () => {
    const versions = [version('a', 1), version('b', 1, { region_code: null }), version('c', 1), version('d', 1, { hour: at(25, 1) })];
    const encoder = await createLakeFileEncoder();
    const first = await encoder.encode('readings.versions+0+0000000000000000000', [lakeRows(versions)]);
    const again = await encoder.encode('readings.versions+0+0000000000000000000', [lakeRows(versions.slice(0, 1)), lakeRows(versions.slice(1))]);
    await encoder.close();
    expect(first.map((file) => [file.path, file.rows])).toEqual([
      ['date=2026-11-24/region=FR-IDF/readings.versions+0+0000000000000000000.parquet', 2],
      ['date=2026-11-24/region=none/readings.versions+0+0000000000000000000.parquet', 1],
      ['date=2026-11-25/region=FR-IDF/readings.versions+0+0000000000000000000.parquet', 1],
    ]);
    expect(again.map((file) => file.bytes)).toEqual(first.map((file) => file.bytes));
    const { lake, lakeDir, storage } = await lakeOf([{ name: 'readings.versions+0+0000000000000000000', versions }]);
    expect(await storage.list()).toEqual(first.map((file) => file.path));
    const codecs = await lake.query(`SELECT DISTINCT compression FROM parquet_metadata('${lakeDir}/**/*.parquet')`);
    expect(codecs.rows).toEqual([{ compression: 'ZSTD' }]);
    lake.close();
  });
  it('keeps every id and value as given, whatever characters the id holds', async () => {
    const ids = ['with,comma', 'with "quotes"', 'two\nlines', 'carriage\rreturn', ' spaced ', 'été-🌡', '"'];
    const versions = ids.map((id, index) => version(id, index + 1, { temperature: 0.1 + 0.2 * index, lat: 48.856614 + 2 ** -40, lon: -0.000001 }));
    const { lake, lakeDir } = await lakeOf([{ name: 'readings.versions+0+0000000000000000000', versions }]);
    const rows = await lake.query(`SELECT reading_id, version, temperature, lat, lon, region_code FROM read_parquet('${lakeDir}/**/*.parquet') ORDER BY version`);
    expect(rows.rows).toEqual(versions.map((v) => ({ reading_id: v.reading_id, version: v.version, temperature: v.temperature, lat: v.lat, lon: v.lon, region_code: 'FR-IDF' })));
    lake.close();
  });
});

describe('lake views', () => {
  const history = (lake: Awaited<ReturnType<typeof openLake>>, where = 'true') =>
    lake
      .query(`SELECT reading_id, version, region_code, temperature, valid_from, valid_to, is_current FROM reading_versions WHERE ${where} ORDER BY reading_id, version`)
      .then((result) => result.rows);

  it('closes a version at the next one of its id, keeps a late older version closed at its arrival, and a reading abroad with a null region', async () => {
    const { lake } = await lakeOf([
      {
        name: 'readings.versions+0+0000000000000000000',
        versions: [
          version('corrected', 1, { valid_from: at(24, 11) }),
          version('abroad', 1, { region_code: null, valid_from: at(24, 11) }),
          version('late', 3, { valid_from: at(24, 11) }),
        ],
      },
      {
        name: 'readings.versions+0+0000000000000000005',
        versions: [version('corrected', 2, { temperature: 13, valid_from: at(24, 12) }), version('late', 2, { late: true, valid_from: at(24, 12) })],
      },
    ]);
    expect(await history(lake)).toEqual([
      { reading_id: 'abroad', version: 1, region_code: null, temperature: 12.5, valid_from: '2026-11-24 11:00:00+00', valid_to: null, is_current: true },
      { reading_id: 'corrected', version: 1, region_code: 'FR-IDF', temperature: 12.5, valid_from: '2026-11-24 11:00:00+00', valid_to: '2026-11-24 12:00:00+00', is_current: false },
      { reading_id: 'corrected', version: 2, region_code: 'FR-IDF', temperature: 13, valid_from: '2026-11-24 12:00:00+00', valid_to: null, is_current: true },
      { reading_id: 'late', version: 2, region_code: 'FR-IDF', temperature: 12.5, valid_from: '2026-11-24 12:00:00+00', valid_to: '2026-11-24 12:00:00+00', is_current: false },
      { reading_id: 'late', version: 3, region_code: 'FR-IDF', temperature: 12.5, valid_from: '2026-11-24 11:00:00+00', valid_to: null, is_current: true },
    ]);
    const current = await lake.query('SELECT reading_id, version FROM readings_current ORDER BY reading_id');
    expect(current.rows).toEqual([
      { reading_id: 'abroad', version: 1 },
      { reading_id: 'corrected', version: 2 },
      { reading_id: 'late', version: 3 },
    ]);
    lake.close();
  });

  it('keeps one row per id and version when an older version the history has comes again, marked late', async () => {
    const { lake } = await lakeOf([
      { name: 'readings.versions+0+0000000000000000000', versions: [version('again', 1, { valid_from: at(24, 11) }), version('again', 2, { valid_from: at(24, 12) })] },
      { name: 'readings.versions+0+0000000000000000005', versions: [version('again', 1, { late: true, valid_from: at(24, 13) }), version('again', 1, { late: true, valid_from: at(24, 14) })] },
    ]);
    expect((await history(lake)).map((row) => [row.version, row.valid_from, row.valid_to, row.is_current])).toEqual([
      [1, '2026-11-24 11:00:00+00', '2026-11-24 12:00:00+00', false],
      [2, '2026-11-24 12:00:00+00', null, true],
    ]);
    lake.close();
  });

  it('gives as current exactly the versions reading_versions marks current, over histories with corrections, late and repeated versions', async () => {
    // A seeded mix: ids with one to four versions, arriving in any order, some marked late, some sent twice.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const versions: ReadingVersion[] = [];
    for (let id = 0; id < 300; id += 1) {
      const count = 1 + Math.floor(random() * 4);
      for (let n = 0; n < count; n += 1) {
        const number = 1 + Math.floor(random() * 3);
        versions.push(version(`id-${id}`, number, { raw_offset: versions.length, late: random() < 0.3, temperature: Math.round(random() * 300) / 10, valid_from: at(24, 10, Math.floor(random() * 60)) }));
      }
    }
    const { lake } = await lakeOf([
      { name: 'readings.versions+0+0000000000000000000', versions: versions.slice(0, 400) },
      { name: 'readings.versions+0+0000000000000000400', versions: versions.slice(400) },
    ]);
    const columns = 'reading_id, version, region_code, hour, temperature, valid_from, valid_to, is_current';
    const current = await lake.query(`SELECT ${columns} FROM readings_current ORDER BY reading_id`);
    const marked = await lake.query(`SELECT ${columns} FROM reading_versions WHERE is_current ORDER BY reading_id`);
    expect(current.rows.length).toBeGreaterThan(150);
    expect(current.rows).toEqual(marked.rows);
    lake.close();
  });

  it('answers an empty lake with empty views of the same columns', async () => {
    const { lake } = await lakeOf([]);
    const result = await lake.query('SELECT * FROM readings_current');
    expect(result.rows).toEqual([]);
    expect(result.columns.map((column) => column.name)).toEqual(['reading_id', 'version', 'region_code', 'hour', 'temperature', 'valid_from', 'valid_to', 'is_current']);
    lake.close();
  });
});
