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

const format = 'binary-1';
const earlierFormatFiles = ['data.mdb', 'lock.mdb'];

/** The environment's folder under `directory`, an earlier format's files there removed. */
export function storeFolder(directory: string): string {
  for (const file of earlierFormatFiles) rmSync(path.join(directory, file), { force: true });
  const folder = path.join(directory, format);
  mkdirSync(folder, { recursive: true });
  return folder;
}

export function openStoreEnvironment(folder: string): StoreEnvironment {
  const root = open({ path: folder, compression: false, maxDbs: 1024 });
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
