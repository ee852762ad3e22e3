import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';

/**
 * The LMDB environment of a local store, opened alike by the thread that reads it and the one that
 * writes it: one database of encoded current versions per partition, one of changelog positions.
 * The environment sits in a folder named after its value format; a store of an earlier format is
 * deleted, to be rebuilt from the changelog like a lost one.
 */
export interface StoreEnvironment {
  root: RootDatabase;
  positions: Database<number, string>;
  versionsOf(partition: number): Database<Buffer, string>;
}

const format = 'binary-64k';
/** What earlier formats left in the directory: the first's files, then the 4 KB-page folder. */
const earlierFormats = ['data.mdb', 'lock.mdb', 'binary-1'];

/** The environment's folder under `directory`, an earlier format's files there removed. */
export function storeFolder(directory: string): string {
  for (const earlier of earlierFormats) rmSync(path.join(directory, earlier), { recursive: true, force: true });
  const folder = path.join(directory, format);
  mkdirSync(folder, { recursive: true });
  return folder;
}

/**
 * 64 KB pages: LMDB keeps the pages a transaction changed in a sorted dirty list whose upkeep grows
 * faster than their number, and random ids change nearly every page of a large store. Transactions of
 * 200,000 random ids cost 3.8, 7.3 and 13.9 µs of CPU an id over a store's first, second and third
 * million ids with 4 KB pages; 4.1, 4.7, 5.0 with 64 KB, and still 5.8 over the sixth million (16 KB:
 * 3.6, 4.5, 5.1, then 9.3). A writable memory map did as well but trips an assertion of LMDB's
 * freelist after deletes.
 */
const pageSize = 64 * 1024;

export function openStoreEnvironment(folder: string): StoreEnvironment {
  const root = open({ path: folder, compression: false, maxDbs: 1024, pageSize });
  const positions = root.openDB<number, string>({ name: 'changelog-positions' });
  const partitions = new Map<number, Database<Buffer, string>>();
  return {
    root,
    positions,
    versionsOf(partition) {
      let database = partitions.get(partition);
      if (!database) partitions.set(partition, (database = root.openDB<Buffer, string>({ name: `current-versions-${partition}`, encoding: 'binary' })));
      return database;
    },
  };
}
