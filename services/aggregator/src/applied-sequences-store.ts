import type { Queryable } from '@thermostream/postgres';
import type { AppliedSequences } from './skip-relayed-twice.ts';

/**
 * The applied sequences of a readings.changes partition, locked by the offset row applyOnce holds; the
 * batch saves them back with its changes (applyAggregateChanges).
 */
export async function loadAppliedSequences(tx: Queryable, changesPartition: number): Promise<AppliedSequences> {
  const { rows } = await tx.query<{ source_partition: number; last_sequence: string }>(
    'SELECT source_partition, last_sequence FROM applied_delta_sequences WHERE changes_partition = $1',
    [changesPartition],
  );
  return new Map(rows.map((row) => [row.source_partition, Number(row.last_sequence)]));
}
