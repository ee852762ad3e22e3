import type { ReadingDelta } from '@thermostream/avro';
import { outbound, topics, type OutboundRecord } from '@thermostream/kafka';
import type { Database, Queryable } from '@thermostream/postgres';
import type { OffsetUpdate } from '@thermostream/service';

/** Deltas that will share one readings.changes record, bound for one partition. */
export interface DeltaFrame {
  key: string;
  partition: number;
  deltas: ReadingDelta[];
}

/** An outbox row: one readings.changes record. */
export interface OutboxRow {
  sequence: number;
  key: string;
  /** Null for a row staged before rows named their partition: its key decides. */
  partition: number | null;
  deltas: ReadingDelta[];
}

/**
 * In one statement: stages a batch's frames in the outbox, deletes the rows of the partition this
 * instance already relayed (`relayedThrough`), stores the batch's offset, and returns every row of the
 * partition still to relay, older ones first. It runs under the partition's offset row lock, so no
 * other batch of the partition is between its rows' sequences; the sequences it assigns follow the
 * order of the frames.
 */
const stageStatement = (offset: OffsetUpdate) => `
WITH staged AS (
  INSERT INTO delta_outbox (source_partition, message_key, target_partition, deltas, created_at)
  SELECT $1, frame.value->>'key', (frame.value->>'partition')::integer, frame.value->'deltas', clock_timestamp()
  FROM json_array_elements($2::json) WITH ORDINALITY AS frame(value, position)
  ORDER BY frame.position
  RETURNING sequence
),
relayed AS (
  DELETE FROM delta_outbox WHERE source_partition = $1 AND sequence <= $3
),
stored AS (${offset.sql(4)})
SELECT sequence, message_key, target_partition, deltas FROM delta_outbox WHERE source_partition = $1 AND sequence > $3
UNION ALL
SELECT sequence, NULL, NULL, NULL FROM staged
ORDER BY sequence`;

/**
 * Stages a batch's deltas inside the transaction that writes the history they follow from, and
 * returns the rows to relay once it has committed: rows an earlier relay left (a failed send, a crashed
 * instance) and then the batch's own, in sequence order.
 */
export async function stageDeltas(
  tx: Queryable,
  sourcePartition: number,
  frames: readonly DeltaFrame[],
  relayedThrough: number,
  offset: OffsetUpdate,
): Promise<OutboxRow[]> {
  const { rows } = await tx.query<OutboxTableRow>(stageStatement(offset), [
    sourcePartition,
    // One JSON document: an array parameter would have every delta's quotes escaped, element by element.
    JSON.stringify(frames),
    relayedThrough,
    ...offset.values,
  ]);
  let staged = 0;
  return rows.map((row) => {
    if (row.deltas !== null) return outboxRow(row);
    const frame = frames[staged++]!;
    return { sequence: Number(row.sequence), key: frame.key, partition: frame.partition, deltas: frame.deltas };
  });
}

interface OutboxTableRow {
  sequence: string;
  message_key: string;
  target_partition: number | null;
  deltas: ReadingDelta[] | null;
}

const outboxRow = (row: OutboxTableRow): OutboxRow => ({
  sequence: Number(row.sequence),
  key: row.message_key,
  partition: row.target_partition,
  deltas: row.deltas ?? [],
});

/** Outbox rows as readings.changes records, each carrying its sequence for the aggregator to deduplicate on. */
export function relayRecords(sourcePartition: number, rows: readonly OutboxRow[]): OutboundRecord[] {
  return rows.map((row) => {
    const record = outbound(topics.changes, row.key, { source_partition: sourcePartition, sequence: row.sequence, deltas: row.deltas });
    return row.partition === null ? record : { ...record, partition: row.partition };
  });
}

/**
 * Relays what the outbox still holds after its batches' own relays: rows left by a crashed or
 * rebalanced instance, or whose send failed. A row is deleted only after the broker acknowledged it,
 * so a crash in between sends it again: the aggregator recognises it by its sequence. Any relay of a
 * partition sends every row of it not yet deleted, in sequence order, so a sequence first seen on a
 * readings.changes partition is never lower than one seen before it, however relays overlap; an
 * advisory lock only spares the wasted work of two sweeps at once.
 */
export interface OutboxSweep {
  /** Relays the rows left behind, except those of `busy` source partitions, whose batch in hand relays them. */
  sweep(busy: ReadonlySet<number>): Promise<number>;
}

export function createOutboxSweep(options: {
  database: Database;
  send: (records: readonly OutboundRecord[]) => Promise<void>;
  rowsPerSend: number;
  /** Rows younger than this are their batch's own relay's to send and delete. */
  minAgeMs: number;
  onRelayed?: (count: number) => void;
}): OutboxSweep {
  const { database, send, rowsPerSend } = options;
  const drainOnce = (sourcePartition: number) =>
    database.transaction(async (tx) => {
      const { rows: locks } = await tx.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || ':delta-outbox'), $1) AS locked`,
        [sourcePartition],
      );
      if (locks[0]?.locked !== true) return 0;
      const { rows } = await tx.query<OutboxTableRow>(
        `SELECT sequence, message_key, target_partition, deltas FROM delta_outbox WHERE source_partition = $1 ORDER BY sequence LIMIT $2`,
        [sourcePartition, rowsPerSend],
      );
      if (rows.length === 0) return 0;
      await send(relayRecords(sourcePartition, rows.map(outboxRow)));
      await tx.query('DELETE FROM delta_outbox WHERE source_partition = $1 AND sequence <= $2', [sourcePartition, rows[rows.length - 1]!.sequence]);
      return rows.length;
    });
  const drain = async (sourcePartition: number) => {
    let total = 0;
    for (;;) {
      const sent = await drainOnce(sourcePartition);
      total += sent;
      if (sent > 0) options.onRelayed?.(sent);
      if (sent < rowsPerSend) return total;
    }
  };
  return {
    async sweep(busy) {
      const { rows } = await database.query<{ source_partition: number }>(
        `SELECT DISTINCT source_partition FROM delta_outbox WHERE created_at < now() - make_interval(secs => $1::float8 / 1000)`,
        [options.minAgeMs],
      );
      let total = 0;
      for (const row of rows) if (!busy.has(row.source_partition)) total += await drain(row.source_partition);
      return total;
    },
  };
}
