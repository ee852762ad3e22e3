import { IS_CONTROL, IS_TRANSACTIONAL, type RecordsBatch } from '@platformatic/kafka';

/** What a fetch returned for one partition: its record batches and the transactions aborted among them. */
export interface FetchedPartition {
  records?: RecordsBatch[] | null;
  abortedTransactions: readonly { producerId: bigint; firstOffset: bigint }[] | null;
}

/**
 * A committed record. Offset and timestamp are plain numbers, exact below 2^53 (a partition would need
 * a million records a second for 285 years to pass it): a BigInt each would be two more allocations
 * for every record consumed.
 */
export interface CommittedRecord {
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
  /** Epoch milliseconds. */
  timestamp: number;
}

const abortMarker = 0;

/**
 * The records of committed transactions and non-transactional producers, from `from` on, and the
 * offset to fetch next (past control markers and aborted records too).
 *
 * The client drops aborted records only when the abort marker is in the same response and only for
 * the last aborted transaction of each producer, so aborted records reach read_committed readers.
 * This is the Java consumer's rule instead: a producer listed as aborted from an offset on has its
 * transactional batches skipped until its abort marker; the marker may come in a later fetch.
 */
export function committedRecords(partition: FetchedPartition, from: bigint): { records: CommittedRecord[]; nextOffset: bigint } {
  const pending = [...(partition.abortedTransactions ?? [])].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0));
  const aborting = new Set<bigint>();
  const records: CommittedRecord[] = [];
  let nextOffset = from;
  const first = Number(from);
  for (const batch of partition.records ?? []) {
    const lastOffset = batch.firstOffset + BigInt(batch.lastOffsetDelta);
    if (lastOffset + 1n > nextOffset) nextOffset = lastOffset + 1n;
    while (pending.length > 0 && pending[0]!.firstOffset <= lastOffset) aborting.add(pending.shift()!.producerId);
    if (batch.attributes & IS_CONTROL) {
      if (batch.records[0]?.key?.readInt16BE(2) === abortMarker) aborting.delete(batch.producerId);
      continue;
    }
    if (batch.attributes & IS_TRANSACTIONAL && aborting.has(batch.producerId)) continue;
    const firstOffset = Number(batch.firstOffset);
    const firstTimestamp = Number(batch.firstTimestamp);
    for (let index = 0; index < batch.records.length; index++) {
      const record = batch.records[index]!;
      const offset = firstOffset + record.offsetDelta;
      if (offset < first) continue;
      records.push({ offset, key: record.key, value: record.value, timestamp: firstTimestamp + Number(record.timestampDelta) });
    }
  }
  return { records, nextOffset };
}
