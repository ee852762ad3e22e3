import { createArchiveRotation, encodeArchived, encodeContainer, type ArchiveCodec, type ArchiveFile, type ArchiveStorage } from '@thermostream/archive';
import type { RawReading } from '@thermostream/avro';
import type { BatchHandler } from '@thermostream/kafka';
import type { Logger, Metrics } from '@thermostream/observability';
import { toArchived } from './to-archived.ts';

export interface ArchiverOptions {
  /** The name the files carry: readings.raw in the pipeline's namespace. */
  topic: string;
  storage: ArchiveStorage;
  codec: ArchiveCodec;
  /** zlib's level when the codec is deflate. */
  deflateLevel: number;
  maxRecordsPerFile: number;
  maxBytesPerFile: number;
  idleFlushMs: number;
  metrics: Metrics;
  logger: Logger;
  now?: () => number;
}

/** What the archiver needs of the running consumer: committing a partition outside a batch. */
export interface OffsetCommitter {
  commit(partition: number, offset: number): Promise<void>;
}

export interface Archiver {
  handle: BatchHandler<RawReading>;
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
 * readings.raw → Avro container files, one file per cut of a partition's records, written durably
 * before the offsets past them are committed.
 */
export function createArchiver(options: ArchiverOptions): Archiver {
  const { storage, metrics } = options;
  const now = options.now ?? Date.now;
  const rotation = createArchiveRotation(options.topic, { maxRecordsPerFile: options.maxRecordsPerFile, maxBytesPerFile: options.maxBytesPerFile });
  let consumer: OffsetCommitter | undefined;
  // Batches and idle flushes change the same open files: one at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <R>(work: () => Promise<R>): Promise<R> => {
    const result = queue.then(work);
    queue = result.catch(() => undefined);
    return result;
  };
  const writeFile = async (file: ArchiveFile) => {
    const bytes = await encodeContainer(file.records, options.codec, options.deflateLevel);
    await storage.write(file.path, bytes);
    metrics.increment('thermostream_archive_files_written_total');
    metrics.increment('thermostream_archive_records_written_total', {}, file.records.length);
    metrics.increment('thermostream_archive_bytes_written_total', {}, bytes.length);
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
          await writeFile(closing.file);
        } catch (error) {
          closing.reopen();
          throw error;
        }
        metrics.increment('thermostream_archive_idle_flushes_total');
        idleCutsToCommit.set(partition, rotation.committableOffset(partition)!);
        await commitIdleCut(partition);
      }
      metrics.set('thermostream_archive_open_files', rotation.openFiles());
    });

  return {
    handle: (records) =>
      exclusive(async () => {
        const partition = records[0]!.partition;
        await commitIdleCut(partition);
        const appended = rotation.append(partition, encodeArchived(records.map(toArchived)), now());
        try {
          // Files are durable before the runner commits, and it commits only up to the open file.
          for (const file of appended.closed) await writeFile(file);
        } catch (error) {
          appended.rollback();
          throw error;
        }
        metrics.set('thermostream_archive_open_files', rotation.openFiles());
        return [];
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
        () => void flushIdle().catch((error: unknown) => options.logger.warn({ err: error }, 'idle flush failed; retrying')),
        Math.max(50, Math.min(1_000, Math.floor(options.idleFlushMs / 2))),
      );
      return () => clearInterval(timer);
    },
  };
}
