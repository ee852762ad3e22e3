import type { ReadingDelta } from '@thermostream/avro';
import { outbound, topics, type OutboundRecord } from '@thermostream/kafka';
import type { Database, Queryable } from '@thermostream/postgres';

/** Deltas that will share one readings.changes record. */
export interface DeltaFrame {
  key: string;
  deltas: ReadingDelta[];
}

/** Stages a batch's deltas in the outbox, inside the transaction that writes the history they follow from. */
export async function stageDeltas(tx: Queryable, sourcePartition: number, frames: readonly DeltaFrame[]): Promise<void> {
  if (frames.length === 0) return;
  await tx.query(
    `INSERT INTO delta_outbox (source_partition, message_key, deltas)
     SELECT $1, frame.message_key, frame.deltas FROM unnest($2::text[], $3::jsonb[]) WITH ORDINALITY AS frame(message_key, deltas, position)
     ORDER BY frame.position`,
    [sourcePartition, frames.map((frame) => frame.key), frames.map((frame) => JSON.stringify(frame.deltas))],
  );
}

/** Outbox rows as readings.changes records, each carrying its sequence for the aggregator to deduplicate on. */
export function relayRecords(sourcePartition: number, rows: readonly { sequence: string; message_key: string; deltas: ReadingDelta[] }[]): OutboundRecord[] {
  return rows.map((row) =>
    outbound(topics.changes, row.message_key, { source_partition: sourcePartition, sequence: Number(row.sequence), deltas: row.deltas }),
  );
}

export interface DeltaRelay {
  /** Sends the pending rows of one source partition, oldest first, then deletes them. Returns how many were sent. */
  drain(sourcePartition: number): Promise<number>;
  /** Drains every source partition that has pending rows (rows a crashed or rebalanced instance left). */
  drainAll(): Promise<number>;
}

/**
 * Relays the outbox to readings.changes. A row is deleted only after the broker acknowledged it, so
 * a crash in between sends it again: the aggregator recognises it by its sequence. Two relays of one
 * partition are kept apart by an advisory lock (duplicates would be harmless, but wasted work); each
 * sends a partition's rows in sequence order, so a sequence first seen on a readings.changes
 * partition is never lower than one seen before it.
 */
export function createDeltaRelay(options: {
  database: Database;
  send: (records: readonly OutboundRecord[]) => Promise<void>;
  rowsPerSend: number;
  onRelayed?: (count: number) => void;
}): DeltaRelay {
  const { database, send, rowsPerSend } = options;
  const drainOnce = (sourcePartition: number) =>
    database.transaction(async (tx) => {
      const { rows: locks } = await tx.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || ':delta-outbox'), $1) AS locked`,
        [sourcePartition],
      );
      if (locks[0]?.locked !== true) return 0;
      const { rows } = await tx.query<{ sequence: string; message_key: string; deltas: ReadingDelta[] }>(
        `SELECT sequence, message_key, deltas FROM delta_outbox WHERE source_partition = $1 ORDER BY sequence LIMIT $2`,
        [sourcePartition, rowsPerSend],
      );
      if (rows.length === 0) return 0;
      await send(relayRecords(sourcePartition, rows));
      await tx.query('DELETE FROM delta_outbox WHERE source_partition = $1 AND sequence <= $2', [sourcePartition, rows[rows.length - 1]!.sequence]);
      return rows.length;
    });
  const drain = async (sourcePartition: number) => {
    let total = 0;
    for (;;) {
      const sent = await drainOnce(sourcePartition);
      total += sent;
      options.onRelayed?.(sent);
      if (sent < rowsPerSend) return total;
    }
  };
  return {
    drain,
    async drainAll() {
      const { rows } = await database.query<{ source_partition: number }>('SELECT DISTINCT source_partition FROM delta_outbox');
      let total = 0;
      for (const row of rows) total += await drain(row.source_partition);
      return total;
    },
  };
}
