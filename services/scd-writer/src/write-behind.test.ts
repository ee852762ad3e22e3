import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDiskStore, type DiskStore, type PartitionWrites } from './local-store.ts';
import type { CurrentVersion } from './plan-versions.ts';
import { writeBehind } from './write-behind.ts';

const version = (readingId: string, number: number): CurrentVersion => ({
  reading_id: readingId,
  version: number,
  region_code: 'FR-IDF',
  hour: 0,
  event_time: 0,
  temperature: 20 + number,
  lat: 48.85,
  lon: 2.35,
  valid_from: number,
});

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

const versions = (...entries: [string, CurrentVersion | undefined][]) => new Map(entries);

describe('the local store’s writes held in memory', () => {
  let directory: string;
  let disk: DiskStore;
  const reopen = () => openDiskStore(directory);

  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'write-behind-'));
    disk = reopen();
  });

  afterEach(async () => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('answers from memory what it has not written yet, and writes it with its position once enough is held', async () => {
    const flushes: number[] = [];
    const store = writeBehind(disk, { flushVersions: 3, flushIntervalMs: 60_000, onFlush: ({ versions: written }) => void flushes.push(written) });
    await store.apply(1, versions(['a', version('a', 1)], ['b', version('b', 1)]), 10);
    expect((await store.currentVersions(1, ['a', 'b', 'c'])).map((found) => found?.version)).toEqual([1, 1, undefined]);
    expect(store.changelogPosition(1)).toBe(10);
    expect(disk.changelogPosition(1)).toBeUndefined();

    await store.apply(1, versions(['a', version('a', 2)], ['c', version('c', 1)]), 12);
    await store.close();
    expect(flushes.reduce((sum, written) => sum + written, 0)).toBe(3);
    const reopened = reopen();
    expect((await reopened.currentVersions(1, ['a', 'b', 'c'])).map((found) => found?.version)).toEqual([2, 1, 1]);
    expect(reopened.changelogPosition(1)).toBe(12);
    await reopened.close();
  });

  it('loses only what a crash finds in memory: the disk keeps an earlier position with the versions it reached', async () => {
    const store = writeBehind(disk, { flushVersions: 2, flushIntervalMs: 60_000 });
    await store.apply(0, versions(['a', version('a', 1)], ['b', version('b', 1)]), 5);
    await store.apply(0, versions(['a', undefined]), 6);
    // What a crash leaves: the first flush on disk, the deletion of a in memory only.
    await until(() => disk.changelogPosition(0) !== undefined);
    expect(disk.changelogPosition(0)).toBe(5);
    expect((await disk.currentVersions(0, ['a']))[0]?.version).toBe(1);
    expect(await store.currentVersions(0, ['a'])).toEqual([undefined]);
    expect(store.changelogPosition(0)).toBe(6);
    await store.close();
    expect(await reopen().currentVersions(0, ['a'])).toEqual([undefined]);
  });

  it('writes held versions once they waited the interval, though no more come', async () => {
    const store = writeBehind(disk, { flushVersions: 1_000, flushIntervalMs: 100 });
    await store.apply(3, versions(['a', version('a', 1)]), 1);
    await until(() => disk.changelogPosition(3) !== undefined);
    expect(disk.changelogPosition(3)).toBe(1);
    await store.close();
  });

  it('clears a partition only after the write under way landed, so its old versions do not come back', async () => {
    const store = writeBehind(disk, { flushVersions: 1, flushIntervalMs: 60_000 });
    await store.apply(2, versions(['a', version('a', 1)]), 3);
    await store.clear(2);
    expect(store.changelogPosition(2)).toBeUndefined();
    expect(await store.currentVersions(2, ['a'])).toEqual([undefined]);
    await store.close();
    const reopened = reopen();
    expect(reopened.changelogPosition(2)).toBeUndefined();
    expect(await reopened.currentVersions(2, ['a'])).toEqual([undefined]);
    await reopened.close();
  });

  it('keeps the versions of a failed write and writes them again, the newer ones winning', async () => {
    let failNext = true;
    const failing: DiskStore = {
      ...disk,
      applyAll: async (writes: ReadonlyMap<number, PartitionWrites>) => {
        if (failNext) {
          failNext = false;
          throw new Error('disk full');
        }
        return disk.applyAll(writes);
      },
    };
    const failures: unknown[] = [];
    const store = writeBehind(failing, { flushVersions: 1, flushIntervalMs: 60_000, onFlushFailed: (error) => void failures.push(error) });
    await store.apply(0, versions(['a', version('a', 1)], ['b', version('b', 1)]), 2);
    await until(() => failures.length > 0);
    expect(failures).toHaveLength(1);
    expect((await store.currentVersions(0, ['a', 'b'])).map((found) => found?.version)).toEqual([1, 1]);
    await store.apply(0, versions(['a', version('a', 2)]), 3);
    await store.close();
    const reopened = reopen();
    expect((await reopened.currentVersions(0, ['a', 'b'])).map((found) => found?.version)).toEqual([2, 1]);
    expect(reopened.changelogPosition(0)).toBe(3);
    await reopened.close();
  });
});
