import type { ReadingVersion } from '@thermostream/avro';

/** A reading_versions row to insert. */
export interface MirrorRow {
  version: ReadingVersion;
  /** Null while current. */
  validTo: number | null;
}

export interface MirrorPlan {
  /** Stored current rows a version of the batch supersedes: closed at that version's arrival. */
  closes: { readingId: string; validTo: number }[];
  rows: MirrorRow[];
}

/**
 * What a batch of readings.versions (one partition, in order) does to the SCD2 table: a version that
 * is not late supersedes the id's current one, stored (a close) or earlier in the batch (its row goes
 * in already closed); a late one goes in closed at its own arrival. The scd-writer has decided which
 * versions count: this only lays them out as rows.
 */
export function planMirror(versions: readonly ReadingVersion[]): MirrorPlan {
  const plan: MirrorPlan = { closes: [], rows: [] };
  const currentInBatch = new Map<string, MirrorRow>();
  for (const version of versions) {
    if (version.late) {
      plan.rows.push({ version, validTo: version.valid_from });
      continue;
    }
    const superseded = currentInBatch.get(version.reading_id);
    if (superseded) superseded.validTo = version.valid_from;
    else plan.closes.push({ readingId: version.reading_id, validTo: version.valid_from });
    const row: MirrorRow = { version, validTo: null };
    plan.rows.push(row);
    currentInBatch.set(version.reading_id, row);
  }
  return plan;
}
