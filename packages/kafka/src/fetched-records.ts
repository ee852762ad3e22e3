import { IS_CONTROL, IS_TRANSACTIONAL, type RecordsBatch } from '@platformatic/kafka';

/** What a fetch returned for one partition: its record batches and the transactions aborted among them. */
export interface FetchedPartition {
  records?: RecordsBatch[] | null;
  abortedTransactions: readonly { producerId: bigint; firstOffset: bigint }[] | null;
}

export interface CommittedRecord {
  offset: bigint;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: bigint;
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
  for (const batch of partition.records ?? []) {
    const lastOffset = batch.firstOffset + BigInt(batch.lastOffsetDelta);
    if (lastOffset + 1n > nextOffset) nextOffset = lastOffset + 1n;
    while (pending.length > 0 && pending[0]!.firstOffset <= lastOffset) aborting.add(pending.shift()!.producerId);
    if (batch.attributes & IS_CONTROL) {
      if (batch.records[0]?.key?.readInt16BE(2) === abortMarker) aborting.delete(batch.producerId);
      continue;
    }
    if (batch.attributes & IS_TRANSACTIONAL && aborting.has(batch.producerId)) continue;
    for (const record of batch.records) {
      const offset = batch.firstOffset + BigInt(record.offsetDelta);
      if (offset < from) continue;
      records.push({ offset, key: record.key, value: record.value, timestamp: batch.firstTimestamp + record.timestampDelta });
    }
  }
  return { records, nextOffset };
}
