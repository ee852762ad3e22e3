import { mkdirSync } from 'node:fs';
import { open, type Database as LmdbDatabase, type RootDatabase } from 'lmdb';
import type { CurrentVersion } from './plan-versions.ts';
import { writeBehind, type WriteBehindOptions } from './write-behind.ts';

/** What one partition's batches changed: versions by id (undefined deletes the id) and the changelog position they reach. */
export interface PartitionWrites {
  versions: Map<string, CurrentVersion | undefined>;
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

/** An LMDB environment under `directory`: one database of current versions per partition, one of changelog positions. */
export function openDiskStore(directory: string): DiskStore {
  mkdirSync(directory, { recursive: true });
  const root: RootDatabase = open({ path: directory, compression: false, maxDbs: 1024 });
  const positions = root.openDB<number, string>({ name: 'changelog-positions' });
  const partitions = new Map<number, LmdbDatabase<CurrentVersion, string>>();
  const versionsOf = (partition: number) => {
    let database = partitions.get(partition);
    if (!database) partitions.set(partition, (database = root.openDB<CurrentVersion, string>({ name: `current-versions-${partition}` })));
    return database;
  };
  const applyAll = async (writes: ReadonlyMap<number, PartitionWrites>) => {
    await root.transaction(() => {
      for (const [partition, { versions, changelogPosition }] of writes) {
        const database = versionsOf(partition);
        for (const [id, version] of versions) {
          if (version === undefined) void database.remove(id);
          else void database.put(id, version);
        }
        void positions.put(String(partition), changelogPosition);
      }
    });
  };
  return {
    async currentVersions(partition, ids) {
      if (ids.length === 0) return [];
      return versionsOf(partition).getMany([...ids]);
    },
    changelogPosition: (partition) => positions.get(String(partition)),
    apply: (partition, versions, changelogPosition) => applyAll(new Map([[partition, { versions: new Map(versions), changelogPosition }]])),
    applyAll,
    async clear(partition) {
      // The position goes first: a crash in between leaves a partition that is rebuilt from the beginning.
      await positions.remove(String(partition));
      await versionsOf(partition).clearAsync();
    },
    close: () => root.close(),
  };
}

/** The store of an scd-writer: LMDB under `directory`, its writes held in memory as `options` say. */
export function openLocalStore(directory: string, options: WriteBehindOptions): LocalStore {
  return writeBehind(openDiskStore(directory), options);
}
