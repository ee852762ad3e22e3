import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { open } from 'lmdb';
import { openDiskStore } from './local-store.ts';
import type { CurrentVersion } from './plan-versions.ts';

describe('the local store on disk', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'local-store-'));
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it.each([
    ['the first value format', ''],
    ['the binary format with 4 KB pages', 'binary-1'],
  ])('drops a store of %s, so that it is rebuilt from the changelog', async (_format, folder) => {
    const earlier = open({ path: path.join(directory, folder), compression: false, maxDbs: 1024 });
    await earlier.openDB<number, string>({ name: 'changelog-positions' }).put('0', 42);
    await earlier.openDB({ name: 'current-versions-0' }).put('a', { reading_id: 'a', version: 1 });
    await earlier.close();

    const store = openDiskStore(directory);
    expect(existsSync(path.join(directory, folder, 'data.mdb'))).toBe(false);
    expect(store.changelogPosition(0)).toBeUndefined();
    expect(await store.currentVersions(0, ['a'])).toEqual([undefined]);
    await store.close();
  });

  it('reads on this thread what its writer thread committed', async () => {
    const store = openDiskStore(directory);
    const version = { reading_id: 'a', version: 3, region_code: 'FR-BRE', hour: 0, event_time: 1, temperature: 11.5, lat: 48.1, lon: -1.7, valid_from: 2 };
    expect(await store.currentVersions(1, ['a'])).toEqual([undefined]);
    await store.apply(1, new Map([['a', version]]), 7);
    expect(await store.currentVersions(1, ['a'])).toEqual([version]);
    expect(store.changelogPosition(1)).toBe(7);
    await store.apply(1, new Map([['a', undefined]]), 8);
    expect(await store.currentVersions(1, ['a'])).toEqual([undefined]);
    await store.close();
  });

  it('answers a lookup of thousands of ids, each in its place, known or not', async () => {
    const store = openDiskStore(directory);
    const versionOf = (n: number) => ({ reading_id: `id-${n}`, version: 1 + (n % 3), region_code: n % 2 === 0 ? 'FR-OCC' : null, hour: n, event_time: n, temperature: n / 10, lat: 43.6, lon: 1.4, valid_from: n });
    // Every third id is stored; the lookup asks for 7,000 ids, more than one turn of the event loop reads.
    const stored = new Map<string, CurrentVersion>(Array.from({ length: 7_000 }, (_, n) => n).filter((n) => n % 3 === 0).map((n) => [`id-${n}`, versionOf(n)]));
    await store.apply(0, stored, 1);

    const asked = Array.from({ length: 7_000 }, (_, n) => `id-${6_999 - n}`);
    const found = await store.currentVersions(0, asked);

    expect(found).toHaveLength(7_000);
    expect(found).toEqual(asked.map((id) => stored.get(id)));
    await store.close();
  });
});
