import { Worker } from 'node:worker_threads';
import type { PartitionWrites } from './local-store.ts';
import type { StoreWriteAnswer, StoreWriteRequest } from './store-writer-thread.ts';

/**
 * Writes partitions' versions and positions to the store's LMDB environment on a thread of its own.
 * lmdb's own queued puts (outside a transaction callback) leave the B-tree to its native thread but
 * still encode each put on the caller's: 3.7–4.5 s of that thread per million puts, measured; here
 * the caller only copies the packed writes.
 */
export interface StoreWriter {
  write(writes: ReadonlyMap<number, PartitionWrites>): Promise<void>;
  close(): Promise<void>;
}

export function startStoreWriter(folder: string): StoreWriter {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();

  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
    worker = undefined;
  };
  const threadOf = (): Worker => {
    if (worker) return worker;
    const started = new Worker(new URL('./store-writer-thread.ts', import.meta.url), { workerData: { folder } });
    started.on('message', ({ id, error }: StoreWriteAnswer) => {
      const waiting = pending.get(id);
      pending.delete(id);
      if (pending.size === 0) started.unref();
      if (error === undefined) waiting?.resolve();
      else waiting?.reject(new Error(`writing the local store failed: ${error}`));
    });
    started.on('error', (error: unknown) => failAll(new Error(`the local store's writer thread failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error })));
    started.on('exit', (code) => {
      if (worker === started) failAll(new Error(`the local store's writer thread exited (code ${code})`));
    });
    started.unref();
    return (worker = started);
  };

  return {
    write(writes) {
      const request: StoreWriteRequest = {
        id: nextId++,
        partitions: [...writes].map(([partition, { packed, changelogPosition }]) => ({ partition, changelogPosition, packed: packed.toArrayBuffer() })),
      };
      const thread = threadOf();
      return new Promise<void>((resolve, reject) => {
        pending.set(request.id, { resolve, reject });
        // Held by the process only while a write is under way: an idle store keeps nothing alive.
        thread.ref();
        thread.postMessage(request, request.partitions.map(({ packed }) => packed));
      });
    },
    async close() {
      const closing = worker;
      worker = undefined;
      if (closing) await closing.terminate();
    },
  };
}
