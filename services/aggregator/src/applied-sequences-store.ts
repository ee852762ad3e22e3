import type { Queryable } from '@thermostream/postgres';
import type { AppliedSequences } from './skip-relayed-twice.ts';

/** The applied sequences of a readings.changes partition, locked by the offset row applyOnce holds. */
export async function loadAppliedSequences(tx: Queryable, changesPartition: number): Promise<AppliedSequences> {
  const { rows } = await tx.query<{ source_partition: number; last_sequence: string }>(
    'SELECT source_partition, last_sequence FROM applied_delta_sequences WHERE changes_partition = $1',
    [changesPartition],
  );
  return new Map(rows.map((row) => [row.source_partition, Number(row.last_sequence)]));
}

export async function saveAppliedSequences(tx: Queryable, changesPartition: number, applied: AppliedSequences): Promise<void> {
  if (applied.size === 0) return;
  await tx.query(
    `INSERT INTO applied_delta_sequences (changes_partition, source_partition, last_sequence)
     SELECT $1, source_partition, last_sequence FROM unnest($2::integer[], $3::bigint[]) AS applied(source_partition, last_sequence)
     ON CONFLICT (changes_partition, source_partition) DO UPDATE SET last_sequence = excluded.last_sequence`,
    [changesPartition, [...applied.keys()], [...applied.values()]],
  );
}
