import type { EncodedRecord } from './container.ts';
import { archiveFilePath, technicalHour } from './layout.ts';

/** A record a rotation cuts into files: its offset in its partition is all the rotation itself needs. */
export interface RotatingRecord {
  offset: number;
}

/** A file (or a set of files cut together) ready to be written: its name and its records in offset order. */
export interface RotatedFile<R extends RotatingRecord> {
  path: string;
  partition: number;
  records: R[];
  /** Why it was closed: a policy's reason, or `idle` (closed by `close`). */
  reason: string;
}

/** What an open file holds so far, as a policy sees it. */
export interface OpenFileSummary<R extends RotatingRecord> {
  first: R;
  records: number;
  /** The sum of the policy's `weight` of its records. */
  weight: number;
}

/**
 * Where a partition's records are cut. Every decision depends on the records alone, never on the
 * batches they arrive in or on the clock, so the same records always give the same cuts.
 */
export interface RotationPolicy<R extends RotatingRecord> {
  /** The name of the file that starts with `first`. */
  name(partition: number, first: R): string;
  /** What a record counts towards its file's size (bytes, rows…). */
  weight(record: R): number;
  /** Why `next` starts a new file (e.g. `size`), or undefined when it still goes into the open one. */
  cutBefore(open: OpenFileSummary<R>, next: R): string | undefined;
}

interface OpenFile<R extends RotatingRecord> extends Omit<RotatedFile<R>, 'reason'> {
  weight: number;
  lastAppendAt: number;
}

export interface Appended<R extends RotatingRecord = EncodedRecord> {
  /** Files the new records closed, to write before anything is committed. */
  closed: RotatedFile<R>[];
  /** Undoes the append when the closed files could not be written (the batch is delivered again). */
  rollback(): void;
}

/**
 * Cuts each partition's stream of records into files, whatever the batches it arrives in, where
 * the policy says. The same records therefore give the same files, with the same names, after a
 * crash: the committed offset never passes the first record of a file still open, so a restarted
 * writer reads that file's records again from its first one.
 */
export function createRotation<R extends RotatingRecord>(policy: RotationPolicy<R>) {
  const open = new Map<number, OpenFile<R>>();
  /** The last offset taken per partition: records fetched again after a rebalance are skipped. */
  const lastTaken = new Map<number, number>();

  return {
    append(partition: number, records: readonly R[], now: number): Appended<R> {
      const before = open.get(partition);
      const snapshot = before && { file: before, length: before.records.length, weight: before.weight, lastAppendAt: before.lastAppendAt };
      const lastBefore = lastTaken.get(partition);
      const closed: RotatedFile<R>[] = [];
      let current = before;
      for (const record of records) {
        if (lastTaken.has(partition) && record.offset <= lastTaken.get(partition)!) continue;
        const reason = current && policy.cutBefore({ first: current.records[0]!, records: current.records.length, weight: current.weight }, record);
        if (current && reason) {
          closed.push({ path: current.path, partition, records: current.records, reason });
          current = undefined;
        }
        current ??= { path: policy.name(partition, record), partition, records: [], weight: 0, lastAppendAt: now };
        current.records.push(record);
        current.weight += policy.weight(record);
        current.lastAppendAt = now;
        lastTaken.set(partition, record.offset);
      }
      if (current) open.set(partition, current);
      return {
        closed,
        rollback() {
          if (snapshot) {
            snapshot.file.records.length = snapshot.length;
            snapshot.file.weight = snapshot.weight;
            snapshot.file.lastAppendAt = snapshot.lastAppendAt;
            open.set(partition, snapshot.file);
          } else open.delete(partition);
          if (lastBefore === undefined) lastTaken.delete(partition);
          else lastTaken.set(partition, lastBefore);
        },
      };
    },

    /** Closes a partition's open file (an idle flush); `reopen` puts it back if it could not be written. */
    close(partition: number): { file: RotatedFile<R>; reopen(): void } | undefined {
      const file = open.get(partition);
      if (!file) return undefined;
      open.delete(partition);
      return { file: { path: file.path, partition, records: file.records, reason: 'idle' }, reopen: () => open.set(partition, file) };
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

export type Rotation<R extends RotatingRecord> = ReturnType<typeof createRotation<R>>;

/** A file of the Avro archive: its path under the archive root and its records in offset order. */
export type ArchiveFile = RotatedFile<EncodedRecord>;

export interface RotationLimits {
  maxRecordsPerFile: number;
  /** Uncompressed Avro bytes of the records of one file. */
  maxBytesPerFile: number;
}

/**
 * The archive's cuts: a file closes when the next record would exceed the record or byte limit, or
 * is of another technical hour.
 */
export const createArchiveRotation = (topic: string, limits: RotationLimits) =>
  createRotation<EncodedRecord>({
    name: (partition, first) => archiveFilePath(topic, partition, first.offset, first.technicalTime),
    weight: (record) => record.bytes.length,
    cutBefore: (open, next) => {
      if (open.records >= limits.maxRecordsPerFile) return 'records';
      if (open.weight + next.bytes.length > limits.maxBytesPerFile) return 'bytes';
      return technicalHour(open.first.technicalTime) === technicalHour(next.technicalTime) ? undefined : 'hour';
    },
  });

export type ArchiveRotation = Rotation<EncodedRecord>;
