import type { ReadingDeltaBatch } from '@thermostream/avro';

/** The last outbox sequence applied, by source partition, for one readings.changes partition. */
export type AppliedSequences = Map<number, number>;

/**
 * Keeps the readings.changes records not applied yet. The scd-writer relays its outbox in sequence
 * order per source partition and may send a row again after a crash; a sequence at or below the last
 * one applied from the same source partition is such a repeat. `applied` is advanced as it goes.
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
