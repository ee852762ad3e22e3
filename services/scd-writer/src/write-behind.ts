import type { DiskStore, LocalStore } from './local-store.ts';
import { PackedWrites } from './packed-writes.ts';
import type { CurrentVersion } from './plan-versions.ts';

/** What memory holds of a partition: mutable, as later batches and a failed flush's retry merge into it. */
interface HeldWrites {
  packed: PackedWrites;
  changelogPosition: number;
}

export interface WriteBehindOptions {
  /** Versions held in memory before they are written to disk in one transaction; 0 writes every batch before the next. */
  flushVersions: number;
  /** The longest a version waits in memory before it is written. */
  flushIntervalMs: number;
  /** Told of each write to disk and of the versions still held, for the metrics. */
  onFlush?: (flush: { versions: number; seconds: number; pending: number }) => void;
  onFlushFailed?: (error: unknown) => void;
}

/**
 * The local store with its writes held in memory and written to disk in large transactions, off the
 * batch's path. LMDB copies every page a transaction touches, and random reading ids touch a page
 * each: a batch's 20,000 ids cost nearly as many page copies as 200,000 do, so fewer, larger
 * transactions write far less. What memory holds was committed to the changelog already: lost in a
 * crash, it is read again from the changelog on the next assignment, from the position the disk
 * reached (the store stays a prefix of the changelog, only a longer one behind).
 */
export function writeBehind(disk: DiskStore, options: WriteBehindOptions): LocalStore {
  if (options.flushVersions === 0) return disk;
  // Held: the writes no flush has taken yet; flushing: the ones the flush under way writes.
  let held = new Map<number, HeldWrites>();
  let heldVersions = 0;
  let heldSince: number | undefined;
  let flushing: Map<number, HeldWrites> | undefined;
  let flushed: Promise<void> | undefined;
  let lastFailure: unknown;
  const timer = setInterval(() => {
    if (heldSince !== undefined && Date.now() - heldSince >= options.flushIntervalMs) startFlush();
  }, Math.max(100, Math.min(1_000, options.flushIntervalMs))).unref();

  function startFlush(): void {
    if (flushed !== undefined || held.size === 0) return;
    const writes = (flushing = held);
    const versions = heldVersions;
    held = new Map();
    heldVersions = 0;
    heldSince = undefined;
    const started = performance.now();
    flushed = disk
      .applyAll(writes)
      .then(
        () => {
          lastFailure = undefined;
          options.onFlush?.({ versions, seconds: (performance.now() - started) / 1000, pending: heldVersions });
        },
        (error: unknown) => {
          // Nothing is dropped: the writes go back under the newer ones, to be tried again.
          lastFailure = error;
          for (const [partition, failed] of writes) {
            const newer = held.get(partition);
            const newerCount = newer?.packed.size ?? 0;
            if (newer) failed.packed.append(newer.packed);
            held.set(partition, { packed: failed.packed, changelogPosition: newer?.changelogPosition ?? failed.changelogPosition });
            heldVersions += failed.packed.size - newerCount;
          }
          heldSince ??= Date.now();
          options.onFlushFailed?.(error);
        },
      )
      .finally(() => {
        flushing = undefined;
        flushed = undefined;
        if (heldVersions >= options.flushVersions) startFlush();
      });
  }

  const drain = async () => {
    while (flushed !== undefined) await flushed;
  };

  return {
    async currentVersions(partition, ids) {
      const newest = held.get(partition)?.packed;
      const writing = flushing?.get(partition)?.packed;
      const result: (CurrentVersion | undefined)[] = new Array(ids.length);
      const onDisk: string[] = [];
      const onDiskAt: number[] = [];
      ids.forEach((id, index) => {
        if (newest?.has(id)) result[index] = newest.get(id);
        else if (writing?.has(id)) result[index] = writing.get(id);
        else {
          onDisk.push(id);
          onDiskAt.push(index);
        }
      });
      // An id found in neither map is not in the flush under way either: its disk value is the same before and after it lands.
      if (onDisk.length > 0) (await disk.currentVersions(partition, onDisk)).forEach((version, index) => (result[onDiskAt[index]!] = version));
      return result;
    },
    changelogPosition: (partition) => held.get(partition)?.changelogPosition ?? flushing?.get(partition)?.changelogPosition ?? disk.changelogPosition(partition),
    async apply(partition, versions, changelogPosition) {
      let writes = held.get(partition);
      if (!writes) held.set(partition, (writes = { packed: new PackedWrites(), changelogPosition }));
      const before = writes.packed.size;
      for (const [id, version] of versions) writes.packed.write(id, version);
      writes.changelogPosition = changelogPosition;
      heldVersions += writes.packed.size - before;
      heldSince ??= Date.now();
      if (heldVersions >= options.flushVersions) startFlush();
      // Memory stays bounded when the disk is slower than the stream: the batch waits for the flush.
      if (heldVersions >= 2 * options.flushVersions && flushed !== undefined) await flushed;
      if (heldVersions >= 4 * options.flushVersions && lastFailure !== undefined) throw lastFailure;
    },
    async clear(partition) {
      // A flush under way could land the partition's old versions after the clear: it lands first.
      await drain();
      heldVersions -= held.get(partition)?.packed.size ?? 0;
      held.delete(partition);
      await disk.clear(partition);
    },
    async close() {
      clearInterval(timer);
      await drain();
      startFlush();
      await drain();
      await disk.close();
    },
  };
}
