import type { InboundRecord } from '@thermostream/kafka';
import type { Database, Transaction } from '@thermostream/postgres';

/**
 * The UPDATE that stores a batch's next offset, for a transaction that carries it in one of its own
 * statements instead of a statement of its own (`offsetStoredByApply`): `sql(first)` numbers its
 * parameters from `$first`, and `values` are appended to that statement's.
 */
export interface OffsetUpdate {
  sql(first: number): string;
  values: unknown[];
}

/**
 * Applies a consumed batch to PostgreSQL at most once: the records' effects and the next offset of
 * their partition commit in one transaction, and records below the stored offset (a batch delivered
 * again after a crash between that commit and Kafka's) are skipped. All records are of one partition.
 * With `offsetStoredByApply`, `apply` must run `offset` inside one of its statements.
 */
export async function applyOnce<V, R>(
  database: Database,
  consumer: string,
  records: readonly InboundRecord<V>[],
  apply: (tx: Transaction, fresh: InboundRecord<V>[], offset: OffsetUpdate) => Promise<R>,
  options: { offsetStoredByApply?: boolean } = {},
): Promise<R | undefined> {
  if (records.length === 0) return undefined;
  const { topic, partition } = records[0]!;
  return database.transaction(async (tx) => {
    // One statement creates the partition's row if missing and locks it either way: two instances on
    // a partition (a rebalance, even on its first batch) take turns, the second seeing the first's offset.
    const stored = await tx.query<{ next_offset: string }>(
      `INSERT INTO consumer_offsets (group_id, topic, partition, next_offset) VALUES ($1, $2, $3, -1)
       ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = consumer_offsets.next_offset
       RETURNING next_offset`,
      [consumer, topic, partition],
    );
    const nextOffset = Number(stored.rows[0]!.next_offset);
    const fresh = records.filter((record) => record.offset >= nextOffset);
    if (fresh.length === 0) return undefined;
    const offset: OffsetUpdate = {
      sql: (first) =>
        `UPDATE consumer_offsets SET next_offset = $${first + 3}, updated_at = now() WHERE group_id = $${first} AND topic = $${first + 1} AND partition = $${first + 2}`,
      values: [consumer, topic, partition, String(fresh[fresh.length - 1]!.offset + 1)],
    };
    const result = await apply(tx, fresh, offset);
    if (!options.offsetStoredByApply) await tx.query(offset.sql(1), offset.values);
    return result;
  });
}
