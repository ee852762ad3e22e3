import { createArchiveRotation, createRotatingWriter, encodeArchived, encodeContainer, type ArchiveCodec, type ArchiveFile, type ArchiveStorage, type OffsetCommitter } from '@thermostream/archive';
import type { RawReading } from '@thermostream/avro';
import type { BatchHandler, InboundRecord } from '@thermostream/kafka';
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
  /** The Avro body of a record's reading when it can be archived as it is (written with the archive's schema of a reading). */
  readingBody?: (record: InboundRecord<RawReading>) => Buffer | undefined;
  now?: () => number;
}

export type { OffsetCommitter };

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
  const writer = createRotatingWriter({
    rotation: createArchiveRotation(options.topic, { maxRecordsPerFile: options.maxRecordsPerFile, maxBytesPerFile: options.maxBytesPerFile }),
    async writeFile(file: ArchiveFile) {
      const bytes = await encodeContainer(file.records, options.codec, options.deflateLevel);
      await storage.write(file.path, bytes);
      metrics.increment('thermostream_archive_files_written_total');
      metrics.increment('thermostream_archive_records_written_total', {}, file.records.length);
      metrics.increment('thermostream_archive_bytes_written_total', {}, bytes.length);
    },
    idleFlushMs: options.idleFlushMs,
    onIdleFlush: () => metrics.increment('thermostream_archive_idle_flushes_total'),
    onOpenFiles: (count) => metrics.set('thermostream_archive_open_files', count),
    onIdleFlushError: (error) => options.logger.warn({ err: error }, 'idle flush failed; retrying'),
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    ...writer,
    handle: async (records) => {
      const bodies = options.readingBody ? records.map(options.readingBody) : [];
      await writer.take(records[0]!.partition, encodeArchived(records.map(toArchived), bodies));
      return [];
    },
  };
}
