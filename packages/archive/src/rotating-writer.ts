import type { RotatedFile, Rotation, RotatingRecord } from './rotation.ts';

/** What a rotating writer needs of the running consumer: committing a partition outside a batch. */
export interface OffsetCommitter {
  commit(partition: number, offset: number): Promise<void>;
}

export interface RotatingWriterOptions<R extends RotatingRecord> {
  rotation: Rotation<R>;
  /** Makes a closed file durable and visible; called again with the same file after a failure. */
  writeFile(file: RotatedFile<R>): Promise<void>;
  idleFlushMs: number;
  /** Each file an idle flush wrote (metrics). */
  onIdleFlush(): void;
  /** The number of open files, after each batch and each idle flush (metrics). */
  onOpenFiles(count: number): void;
  /** An idle flush that failed on the timer; the next tick tries again. */
  onIdleFlushError(error: unknown): void;
  now?: () => number;
}

/** The consumer side of a rotating file writer, as `runConsumerService` takes a stateful consumer. */
export interface RotatingWriter<R extends RotatingRecord> {
  /** Takes a batch of one partition's records; resolves once the files they closed are durable. */
  take(partition: number, records: readonly R[]): Promise<void>;
  /** How far a partition may be committed: never past the first record of its open file. */
  committableOffset(partition: number): number | undefined;
  onAssignment(partitions: number[]): void;
  started(consumer: OffsetCommitter): void;
  /** Writes and commits the open files of partitions that received nothing for idleFlushMs. */
  flushIdle(): Promise<void>;
  /** Runs flushIdle on a timer until the returned function is called. */
  startIdleFlushes(): () => void;
}

/**
 * Files cut from each partition's records by a rotation, written durably before the offsets past
 * them are committed: what the archive and the lake share.
 */
export function createRotatingWriter<R extends RotatingRecord>(options: RotatingWriterOptions<R>): RotatingWriter<R> {
  const { rotation } = options;
  const now = options.now ?? Date.now;
  let consumer: OffsetCommitter | undefined;
  // Batches and idle flushes change the same open files: one at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work);
    queue = result.catch(() => undefined);
    return result;
  };
  // An idle flush cuts a file where time ran out, which a restart from an older offset would not
  // reproduce: until its commit succeeds, no later file of that partition may be written.
  const idleCutsToCommit = new Map<number, number>();
  const commitIdleCut = async (partition: number) => {
    const offset = idleCutsToCommit.get(partition);
    if (offset === undefined || !consumer) return;
    await consumer.commit(partition, offset);
    idleCutsToCommit.delete(partition);
  };
  const flushIdle = () =>
    exclusive(async () => {
      for (const partition of rotation.idlePartitions(now(), options.idleFlushMs)) {
        const closing = rotation.close(partition);
        if (!closing) continue;
        try {
          await options.writeFile(closing.file);
        } catch (error) {
          closing.reopen();
          throw error;
        }
        options.onIdleFlush();
        idleCutsToCommit.set(partition, rotation.committableOffset(partition)!);
        await commitIdleCut(partition);
      }
      options.onOpenFiles(rotation.openFiles());
    });

  return {
    take: (partition, records) =>
      exclusive(async () => {
        await commitIdleCut(partition);
        const appended = rotation.append(partition, records, now());
        try {
          // Files are durable before the runner commits, and it commits only up to the open file.
          for (const file of appended.closed) await options.writeFile(file);
        } catch (error) {
          appended.rollback();
          throw error;
        }
        options.onOpenFiles(rotation.openFiles());
      }),
    committableOffset: (partition) => rotation.committableOffset(partition),
    onAssignment: (partitions) => {
      rotation.keepOnly(partitions);
      // A partition that moved away is re-cut by its new owner from the committed offset.
      for (const partition of idleCutsToCommit.keys()) if (!partitions.includes(partition)) idleCutsToCommit.delete(partition);
    },
    started: (running) => (consumer = running),
    flushIdle,
    startIdleFlushes() {
      const timer = setInterval(
        () => void flushIdle().catch(options.onIdleFlushError),
        Math.max(50, Math.min(1_000, Math.floor(options.idleFlushMs / 2))),
      );
      return () => clearInterval(timer);
    },
  };
}
