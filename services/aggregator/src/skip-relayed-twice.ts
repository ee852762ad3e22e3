import type { ReadingDeltaBatch } from '@thermostream/avro';

/** The last sequence applied, by source partition, for one readings.changes partition. */
export type AppliedSequences = Map<number, number>;

/**
 * Keeps the readings.changes records not applied yet. The scd-writer numbers its records in increasing
 * sequence per source partition (its transactions make a repeat rare: a record written outside one, or
 * by an earlier version that relayed an outbox); a sequence at or below the last one applied from the
 * same source partition is a repeat. `applied` is advanced as it goes.
 */
export function skipRelayedTwice<R extends { value: ReadingDeltaBatch }>(records: readonly R[], applied: AppliedSequences): { fresh: R[]; repeats: number } {
  const fresh: R[] = [];
  for (const record of records) {
    const { source_partition: source, sequence } = record.value;
    const last = applied.get(source);
    if (last !== undefined && sequence <= last) continue;
    applied.set(source, sequence);
    fresh.push(record);
  }
  return { fresh, repeats: records.length - fresh.length };
}
