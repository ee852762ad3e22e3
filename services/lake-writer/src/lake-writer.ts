import { createRotatingWriter, type ArchiveStorage, type OffsetCommitter, type RotatedFile } from '@thermostream/archive';
import type { ReadingVersionBatch } from '@thermostream/avro';
import type { BatchHandler } from '@thermostream/kafka';
import { createLakeRotation, lakeRows, type LakeFileEncoder, type LakeRecord, type LakeRotationLimits } from '@thermostream/lake';
import type { Logger, Metrics } from '@thermostream/observability';

export interface LakeWriterOptions {
  /** The name the files carry: readings.versions in the pipeline's namespace. */
  topic: string;
  storage: ArchiveStorage;
  encoder: LakeFileEncoder;
  limits: LakeRotationLimits;
  idleFlushMs: number;
  metrics: Metrics;
  logger: Logger;
  now?: () => number;
}

export interface LakeWriter {
  handle: BatchHandler<ReadingVersionBatch>;
  /** How far a partition may be committed: never past the first record of its open cut. */
  committableOffset(partition: number): number | undefined;
  onAssignment(partitions: number[]): void;
  started(consumer: OffsetCommitter): void;
  /** Writes and commits the open cuts of partitions that received nothing for idleFlushMs. */
  flushIdle(): Promise<void>;
  startIdleFlushes(): () => void;
}

/**
 * readings.versions → the lake: each partition's records are cut as the archive's are, and each cut
 * is written as one Parquet file per date and region, durably, before the offsets past it are
 * committed. A replay from the committed offset cuts the same files under the same names.
 */
export function createLakeWriter(options: LakeWriterOptions): LakeWriter {
  const { metrics, storage } = options;
  const writeCut = async (cut: RotatedFile<LakeRecord>) => {
    const files = await options.encoder.encode(
      cut.path,
      cut.records.map((record) => record.rows),
    );
    for (const file of files) {
      await storage.write(file.path, file.bytes);
      metrics.increment('thermostream_lake_files_written_total');
      metrics.increment('thermostream_lake_rows_written_total', {}, file.rows);
      metrics.increment('thermostream_lake_bytes_written_total', {}, file.bytes.length);
    }
    metrics.increment('thermostream_lake_cuts_total', { reason: cut.reason });
  };
  const writer = createRotatingWriter({
    rotation: createLakeRotation(options.topic, options.limits),
    writeFile: writeCut,
    idleFlushMs: options.idleFlushMs,
    onIdleFlush: () => undefined,
    onOpenFiles: (count) => metrics.set('thermostream_lake_open_cuts', count),
    onIdleFlushError: (error) => options.logger.warn({ err: error }, 'idle flush of the lake failed; retrying'),
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    ...writer,
    handle: async (records) => {
      await writer.take(
        records[0]!.partition,
        records.map((record) => ({ offset: record.offset, timestamp: record.timestamp, rows: lakeRows(record.value.versions) })),
      );
      return [];
    },
  };
}
