import { setImmediate } from 'node:timers/promises';
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
 * Ids looked up between two turns of the event loop. The lookups are synchronous: LMDB's `getMany`
 * first has a thread walk the tree for every key (to take page faults off this thread), then looks
 * each key up again here: 3.8-4.9 µs of CPU an id against 1.5-2.5 looked up only here (batches of
 * 20,000 random UUIDs, 5 % known, a store of 1M ids in memory). In slices, a store larger than memory,
 * whose lookups fault pages in, still leaves the event loop its turns (heartbeats, metrics).
 */
const lookupsPerTurn = 2_000;

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
      const database = versionsOf(partition);
      const found: (CurrentVersion | undefined)[] = new Array(ids.length);
      for (let start = 0; start < ids.length; start += lookupsPerTurn) {
        if (start > 0) await setImmediate();
        const end = Math.min(ids.length, start + lookupsPerTurn);
        for (let index = start; index < end; index++) {
          // The bytes are LMDB's shared read buffer, valid until the next read: decoded at once.
          const encoded = database.getBinaryFast(ids[index]!);
          found[index] = encoded === undefined ? undefined : decodeVersion(ids[index]!, encoded);
        }
      }
      return found;
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
