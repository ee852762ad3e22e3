import { packWrites, type PackedWrites } from './packed-writes.ts';
import type { CurrentVersion } from './plan-versions.ts';
import { openStoreEnvironment, storeFolder } from './store-environment.ts';
import { startStoreWriter } from './store-writer.ts';
import { decodeVersion } from './version-codec.ts';
import { writeBehind, type WriteBehindOptions } from './write-behind.ts';

/** What one partition's batches changed, packed, and the changelog position they reach. */
export interface PartitionWrites {
  packed: PackedWrites;
  changelogPosition: number;
}

/**
 * The current version of every reading id this instance owns: what the scd-writer compares each
 * incoming version with. It is a cache of the changelog topic, never ahead of it: a partition's
 * versions and the changelog offset they reach are written together, after the Kafka transaction
 * that wrote them to the changelog committed. A crash between the two leaves the store behind, and
 * the next assignment catches it up from that offset.
 */
export interface LocalStore {
  /** The stored current versions of `ids` (undefined where the id has none), in their order. */
  currentVersions(partition: number, ids: readonly string[]): Promise<(CurrentVersion | undefined)[]>;
  /** Where the partition's next changelog read starts; undefined when the store has nothing of it. */
  changelogPosition(partition: number): number | undefined;
  /** Writes versions (undefined deletes the id) and the changelog position they reach. */
  apply(partition: number, versions: ReadonlyMap<string, CurrentVersion | undefined>, changelogPosition: number): Promise<void>;
  /** Forgets everything of a partition: it is rebuilt from the changelog's beginning. */
  clear(partition: number): Promise<void>;
  close(): Promise<void>;
}

/** The store on disk: besides a partition's writes, several partitions' in one transaction. */
export interface DiskStore extends LocalStore {
  applyAll(writes: ReadonlyMap<number, PartitionWrites>): Promise<void>;
}

/**
 * The store on disk under `directory`: read on this thread, written on a thread of its own (LMDB's
 * page copies of a large transaction of random ids take seconds of CPU, off the batches' thread).
 */
export function openDiskStore(directory: string): DiskStore {
  const folder = storeFolder(directory);
  const { root, positions, versionsOf } = openStoreEnvironment(folder);
  const writer = startStoreWriter(folder);
  const applyAll = async (writes: ReadonlyMap<number, PartitionWrites>) => {
    await writer.write(writes);
    // The writer thread committed: the next read must see it, not this thread's older snapshot.
    root.resetReadTxn();
  };
  return {
    async currentVersions(partition, ids) {
      if (ids.length === 0) return [];
      const found = await versionsOf(partition).getMany([...ids]);
      return found.map((encoded, index) => (encoded === undefined ? undefined : decodeVersion(ids[index]!, encoded)));
    },
    changelogPosition: (partition) => positions.get(String(partition)),
    apply: (partition, versions, changelogPosition) => applyAll(new Map([[partition, { packed: packWrites(versions), changelogPosition }]])),
    applyAll,
    async clear(partition) {
      // The position goes first: a crash in between leaves a partition that is rebuilt from the beginning.
      await positions.remove(String(partition));
      await versionsOf(partition).clearAsync();
    },
    async close() {
      await writer.close();
      await root.close();
    },
  };
}

/** The store of an scd-writer: LMDB under `directory`, its writes held in memory as `options` say. */
export function openLocalStore(directory: string, options: WriteBehindOptions): LocalStore {
  return writeBehind(openDiskStore(directory), options);
}
