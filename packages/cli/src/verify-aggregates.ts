import type { Queryable } from '@thermostream/postgres';

/** A region-hour whose stored aggregate differs from the one recomputed from the history. */
export interface AggregateDifference {
  regionCode: string;
  hour: string;
  expectedPoints: number | null;
  actualPoints: number | null;
  expectedSum: string | null;
  actualSum: string | null;
}

export interface VerifyReport {
  /** Region-hours present in the history's current versions or in the table. */
  regionHoursCompared: number;
  currentReadings: number;
  differences: AggregateDifference[];
  /**
   * Region-hours in aggregate_imbalances: retractions still waiting for their additions. Normal while
   * deltas are in flight; at rest there are none, and any left is reported as a difference too.
   */
  imbalances: number;
}

/**
 * Recomputes every region-hour from the current versions in reading_versions and compares count and
 * exact sum with region_hourly_temperature (numeric equality: 20.50 equals 20.5).
 */
export async function verifyAggregates(database: Queryable): Promise<VerifyReport> {
  const { rows } = await database.query<{
    region_code: string;
    hour: Date;
    expected_points: number | null;
    actual_points: number | null;
    expected_sum: string | null;
    actual_sum: string | null;
    agrees: boolean;
    current_readings: string;
  }>(
    `WITH expected AS (
       SELECT region_code, hour, count(*)::integer AS number_of_points, sum(temperature) AS temperature_sum
       FROM reading_versions WHERE is_current AND region_code IS NOT NULL GROUP BY region_code, hour
     )
     SELECT region_code, hour,
            expected.number_of_points AS expected_points, actual.number_of_points AS actual_points,
            expected.temperature_sum::text AS expected_sum, actual.temperature_sum::text AS actual_sum,
            expected.number_of_points IS NOT DISTINCT FROM actual.number_of_points
              AND expected.temperature_sum IS NOT DISTINCT FROM actual.temperature_sum AS agrees,
            sum(coalesce(expected.number_of_points, 0)) OVER () AS current_readings
     FROM expected FULL JOIN region_hourly_temperature AS actual USING (region_code, hour)
     ORDER BY region_code, hour`,
  );
  const { rows: imbalances } = await database.query<{ count: string }>('SELECT count(*) FROM aggregate_imbalances');
  return {
    imbalances: Number(imbalances[0]!.count),
    regionHoursCompared: rows.length,
    currentReadings: Number(rows[0]?.current_readings ?? 0),
    differences: rows
      .filter((row) => !row.agrees)
      .map((row) => ({
        regionCode: row.region_code,
        hour: row.hour.toISOString(),
        expectedPoints: row.expected_points,
        actualPoints: row.actual_points,
        expectedSum: row.expected_sum,
        actualSum: row.actual_sum,
      })),
  };
}
