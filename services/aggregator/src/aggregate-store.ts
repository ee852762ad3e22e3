import type { Queryable } from '@thermostream/postgres';
import type { OffsetUpdate } from '@thermostream/service';
import type { AggregateChange } from './fold-deltas.ts';
import type { AppliedSequences } from './skip-relayed-twice.ts';

/**
 * Applies a batch of changes in one statement. A row is the exact balance of every delta of its region
 * and hour: visible in region_hourly_temperature while its count is positive, gone when count and sum
 * are both zero, and otherwise (a retraction ahead of its addition) kept in aggregate_imbalances until
 * the addition arrives, so that no delta is lost whatever order they come in. Sums stay `numeric`, so
 * the mean of a restored row is bit for bit the same.
 */
const upsertChanges = (bookkeeping: string) => `
WITH changes AS (
  SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::numeric[], $4::integer[])
    AS change(region_code, hour, temperature_sum, number_of_points)
),
merged AS (
  SELECT change.region_code, change.hour,
         -- trim_scale: 0.3 + 21.37 - 21.37 is stored as 0.3 again, not 0.30, so the mean is the same text too.
         trim_scale(coalesce(current.temperature_sum, 0) + coalesce(pending.temperature_sum, 0) + change.temperature_sum) AS temperature_sum,
         coalesce(current.number_of_points, 0) + coalesce(pending.number_of_points, 0) + change.number_of_points AS number_of_points
  FROM changes AS change
  LEFT JOIN region_hourly_temperature AS current USING (region_code, hour)
  LEFT JOIN aggregate_imbalances AS pending USING (region_code, hour)
),
emptied AS (
  DELETE FROM region_hourly_temperature AS row
  USING merged
  WHERE row.region_code = merged.region_code AND row.hour = merged.hour AND merged.number_of_points <= 0
  RETURNING 1
),
written AS (
  INSERT INTO region_hourly_temperature (region_code, region_name, hour, temperature_sum, number_of_points)
  SELECT merged.region_code, regions.region_name, merged.hour, merged.temperature_sum, merged.number_of_points
  FROM merged JOIN regions USING (region_code)
  WHERE merged.number_of_points > 0
  ON CONFLICT (region_code, hour) DO UPDATE
    SET temperature_sum = excluded.temperature_sum, number_of_points = excluded.number_of_points, updated_at = now()
  RETURNING 1
),
settled AS (
  DELETE FROM aggregate_imbalances AS pending
  USING merged
  WHERE pending.region_code = merged.region_code AND pending.hour = merged.hour
    AND (merged.number_of_points > 0 OR (merged.number_of_points = 0 AND merged.temperature_sum = 0))
  RETURNING 1
),
waiting AS (
  INSERT INTO aggregate_imbalances (region_code, hour, temperature_sum, number_of_points)
  SELECT region_code, hour, temperature_sum, number_of_points FROM merged
  WHERE merged.number_of_points < 0 OR (merged.number_of_points = 0 AND merged.temperature_sum <> 0)
  ON CONFLICT (region_code, hour) DO UPDATE
    SET temperature_sum = excluded.temperature_sum, number_of_points = excluded.number_of_points, updated_at = now()
  RETURNING 1
)${bookkeeping}
SELECT (SELECT count(*) FROM emptied) + (SELECT count(*) FROM written) + (SELECT count(*) FROM settled) + (SELECT count(*) FROM waiting) AS rows_changed`;

/**
 * A batch's bookkeeping, carried by the same statement as its changes: the last sequence applied per
 * source partition (see skipRelayedTwice) and the batch's offset.
 */
export interface Bookkeeping {
  changesPartition: number;
  applied: AppliedSequences;
  offset: OffsetUpdate;
}

const bookkeepingStatements = (offset: OffsetUpdate) => `,
applied AS (
  INSERT INTO applied_delta_sequences (changes_partition, source_partition, last_sequence)
  SELECT $5, source_partition, last_sequence FROM unnest($6::integer[], $7::bigint[]) AS applied(source_partition, last_sequence)
  ON CONFLICT (changes_partition, source_partition) DO UPDATE SET last_sequence = excluded.last_sequence
),
stored AS (${offset.sql(8)})`;

export async function applyAggregateChanges(tx: Queryable, changes: readonly AggregateChange[], bookkeeping?: Bookkeeping): Promise<number> {
  if (changes.length === 0 && bookkeeping === undefined) return 0;
  const result = await tx.query<{ rows_changed: string }>(upsertChanges(bookkeeping ? bookkeepingStatements(bookkeeping.offset) : ''), [
    changes.map((change) => change.regionCode),
    changes.map((change) => new Date(change.hour).toISOString()),
    changes.map((change) => change.temperatureSum),
    changes.map((change) => change.pointCount),
    ...(bookkeeping
      ? [bookkeeping.changesPartition, [...bookkeeping.applied.keys()], [...bookkeeping.applied.values()], ...bookkeeping.offset.values]
      : []),
  ]);
  return Number(result.rows[0]?.rows_changed ?? 0);
}

/** Region-hours still waiting for an addition: zero once every delta relayed so far has arrived. */
export async function countImbalances(tx: Queryable): Promise<number> {
  const result = await tx.query<{ imbalances: string }>('SELECT count(*) AS imbalances FROM aggregate_imbalances');
  return Number(result.rows[0]?.imbalances ?? 0);
}
