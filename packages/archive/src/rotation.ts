import type { EncodedRecord } from './container.ts';
import { archiveFilePath, technicalHour } from './layout.ts';

/** A file ready to be written: its path under the archive root and its records in offset order. */
export interface ArchiveFile {
  path: string;
  partition: number;
  records: EncodedRecord[];
}

export interface RotationLimits {
  maxRecordsPerFile: number;
  /** Uncompressed Avro bytes of the records of one file. */
  maxBytesPerFile: number;
}

interface OpenFile extends ArchiveFile {
  hour: number;
  bytes: number;
  lastAppendAt: number;
}

export interface Appended {
  /** Files the new records closed, to write before anything is committed. */
  closed: ArchiveFile[];
  /** Undoes the append when the closed files could not be written (the batch is delivered again). */
  rollback(): void;
}

/**
 * Cuts each partition's stream of records into files, whatever the batches it arrives in: a file
 * closes when the next record would exceed the record or byte limit, or is of another technical
 * hour. The same records therefore give the same files, with the same names, after a crash: the
 * committed offset never passes the first record of a file still open, so a restarted archiver
 * reads that file's records again from its first one.
 */
export function createArchiveRotation(topic: string, limits: RotationLimits) {
  const open = new Map<number, OpenFile>();
  /** The last offset taken per partition: records fetched again after a rebalance are skipped. */
  const lastTaken = new Map<number, number>();

  const startFile = (partition: number, record: EncodedRecord, now: number): OpenFile => ({
    path: archiveFilePath(topic, partition, record.offset, record.technicalTime),
    partition,
    records: [],
    hour: technicalHour(record.technicalTime),
    bytes: 0,
    lastAppendAt: now,
  });

  return {
    append(partition: number, records: readonly EncodedRecord[], now: number): Appended {
      const before = open.get(partition);
      const snapshot = before && { file: before, length: before.records.length, bytes: before.bytes, lastAppendAt: before.lastAppendAt };
      const lastBefore = lastTaken.get(partition);
      const closed: ArchiveFile[] = [];
      let current = before;
      for (const record of records) {
        if (lastTaken.has(partition) && record.offset <= lastTaken.get(partition)!) continue;
        const size = record.bytes.length;
        const full = current && (current.records.length >= limits.maxRecordsPerFile || (current.records.length > 0 && current.bytes + size > limits.maxBytesPerFile));
        if (current && (full || current.hour !== technicalHour(record.technicalTime))) {
          closed.push({ path: current.path, partition, records: current.records });
          current = undefined;
        }
        current ??= startFile(partition, record, now);
        current.records.push(record);
        current.bytes += size;
        current.lastAppendAt = now;
        lastTaken.set(partition, record.offset);
      }
      if (current) open.set(partition, current);
      return {
        closed,
        rollback() {
          if (snapshot) {
            snapshot.file.records.length = snapshot.length;
            snapshot.file.bytes = snapshot.bytes;
            snapshot.file.lastAppendAt = snapshot.lastAppendAt;
            open.set(partition, snapshot.file);
          } else open.delete(partition);
          if (lastBefore === undefined) lastTaken.delete(partition);
          else lastTaken.set(partition, lastBefore);
        },
      };
    },

    /** Closes a partition's open file (an idle flush); `reopen` puts it back if it could not be written. */
    close(partition: number): { file: ArchiveFile; reopen(): void } | undefined {
      const file = open.get(partition);
      if (!file) return undefined;
      open.delete(partition);
      return { file: { path: file.path, partition, records: file.records }, reopen: () => open.set(partition, file) };
    },

    /** Partitions whose open file received nothing for `idleMs`. */
    idlePartitions(now: number, idleMs: number): number[] {
      return [...open.values()].filter((file) => now - file.lastAppendAt >= idleMs).map((file) => file.partition);
    },

    /** The offset a partition may be committed to: the first record of its open file, else the one after the last taken. */
    committableOffset(partition: number): number | undefined {
      const file = open.get(partition);
      if (file) return file.records[0]!.offset;
      const last = lastTaken.get(partition);
      return last === undefined ? undefined : last + 1;
    },

    /** Forgets the partitions this instance no longer owns: their new owner starts from the committed offset. */
    keepOnly(owned: readonly number[]): void {
      for (const partition of new Set([...open.keys(), ...lastTaken.keys()])) {
        if (owned.includes(partition)) continue;
        open.delete(partition);
        lastTaken.delete(partition);
      }
    },

    openFiles: (): number => open.size,
  };
}

export type ArchiveRotation = ReturnType<typeof createArchiveRotation>;
