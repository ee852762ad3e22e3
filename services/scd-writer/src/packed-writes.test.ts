import { PackedWrites, packWrites, unpackWrites } from './packed-writes.ts';
import type { CurrentVersion } from './plan-versions.ts';
import { decodeVersion } from './version-codec.ts';

const version = (readingId: string, number: number, regionCode: string | null = 'FR-IDF'): CurrentVersion => ({
  reading_id: readingId,
  version: number,
  region_code: regionCode,
  hour: Date.UTC(2026, 11, 6, 10),
  event_time: Date.UTC(2026, 11, 6, 10, 15, 30, 250),
  temperature: -3.1415926535 + number,
  lat: 48.8566,
  lon: 2.3522,
  valid_from: Date.UTC(2026, 11, 6, 10, 15, 31) + number,
});

const unpacked = (writes: PackedWrites) =>
  [...unpackWrites(writes.toArrayBuffer())].map(([id, encoded]) => [id, encoded === undefined ? undefined : decodeVersion(id, encoded)]);

describe('packed writes of the local store', () => {
  it('packs a partition’s writes, deletions and non-ASCII ids included, and unpacks them in order', () => {
    const writes = new Map<string, CurrentVersion | undefined>([
      ['0b9e3c1e-7c43-4c8e-9a51-2f4d0c6a8e11', version('0b9e3c1e-7c43-4c8e-9a51-2f4d0c6a8e11', 1)],
      ['gone', undefined],
      ['capteur-été-№7-🌡', version('capteur-été-№7-🌡', 2, null)],
    ]);
    expect(unpacked(packWrites(writes))).toEqual([...writes]);
  });

  it('answers an id from its last write, and keeps every write in order so that the last one lands last', () => {
    const writes = new PackedWrites();
    writes.write('a', version('a', 1));
    writes.write('b', version('b', 1));
    writes.write('a', version('a', 2));
    writes.write('b', undefined);
    expect(writes.size).toBe(2);
    expect(writes.get('a')).toEqual(version('a', 2));
    expect([writes.has('b'), writes.get('b')]).toEqual([true, undefined]);
    expect([writes.has('c'), writes.get('c')]).toEqual([false, undefined]);
    expect(unpacked(writes)).toEqual([
      ['a', version('a', 1)],
      ['b', version('b', 1)],
      ['a', version('a', 2)],
      ['b', undefined],
    ]);
  });

  it('grows past its first buffer and appends newer writes after its own, the newer ones winning', () => {
    const older = new PackedWrites();
    const newer = new PackedWrites();
    const ids = Array.from({ length: 5_000 }, (_, index) => `reading-${index}-${'x'.repeat(index % 40)}`);
    ids.forEach((id, index) => older.write(id, version(id, 1, index % 3 === 0 ? null : 'FR-ARA')));
    ids.filter((_, index) => index % 2 === 0).forEach((id) => newer.write(id, version(id, 2)));
    newer.write(ids[1]!, undefined);
    older.append(newer);
    expect(older.size).toBe(ids.length);
    expect(older.get(ids[0]!)).toEqual(version(ids[0]!, 2));
    expect(older.get(ids[3]!)).toEqual(version(ids[3]!, 1, null));
    expect(older.get(ids[5]!)).toEqual(version(ids[5]!, 1, 'FR-ARA'));
    expect(older.get(ids[4_998]!)).toEqual(version(ids[4_998]!, 2));
    expect([older.has(ids[1]!), older.get(ids[1]!)]).toEqual([true, undefined]);
    const lastWrites = new Map(unpacked(older) as [string, CurrentVersion | undefined][]);
    expect(lastWrites.size).toBe(ids.length);
    for (const id of ids) expect(lastWrites.get(id)).toEqual(older.get(id));
  });

  it('hands the writer thread a copy, so that it may take it while these stay readable', () => {
    const writes = packWrites(new Map([['a', version('a', 1)]]));
    const packed = writes.toArrayBuffer();
    structuredClone(packed, { transfer: [packed] });
    expect(packed.byteLength).toBe(0);
    expect(writes.get('a')).toEqual(version('a', 1));
  });
});
