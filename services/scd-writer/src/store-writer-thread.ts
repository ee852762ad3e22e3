import { parentPort, workerData } from 'node:worker_threads';
import { unpackWrites } from './packed-writes.ts';
import { openStoreEnvironment } from './store-environment.ts';

/** A request to the writer thread: partitions' packed writes and the changelog positions they reach. */
export interface StoreWriteRequest {
  id: number;
  partitions: { partition: number; changelogPosition: number; packed: ArrayBuffer }[];
}

export interface StoreWriteAnswer {
  id: number;
  error?: string;
}

/**
 * The local store's writer thread: each request in one LMDB transaction, written on this thread, so
 * that the page copies of large transactions of random ids never hold up the scd-writer's batches.
 */
const environment = openStoreEnvironment((workerData as { folder: string }).folder);
parentPort!.on('message', (request: StoreWriteRequest) => {
  try {
    environment.root.transactionSync(() => {
      for (const { partition, changelogPosition, packed } of request.partitions) {
        const database = environment.versionsOf(partition);
        for (const [id, version] of unpackWrites(packed)) {
          if (version === undefined) database.removeSync(id);
          else database.putSync(id, version);
        }
        environment.positions.putSync(String(partition), changelogPosition);
      }
    });
    parentPort!.postMessage({ id: request.id } satisfies StoreWriteAnswer);
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies StoreWriteAnswer);
  }
});
