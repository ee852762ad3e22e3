import type { Queryable } from '@thermostream/postgres';

/** Per region and hour (`FR-IDF|2026-11-20T10:00:00.000Z`), the count and the sum in tenths of a degree. */
export type Aggregates = Map<string, { points: number; sumTenths: number }>;

/** region_hourly_temperature as the generator's expectation is keyed. */
export async function tableAggregates(database: Queryable): Promise<Aggregates> {
  const { rows } = await database.query<{ region_code: string; hour: Date; number_of_points: number; temperature_sum: string }>(
    'SELECT region_code, hour, number_of_points, temperature_sum::text FROM region_hourly_temperature',
  );
  return new Map(rows.map((row) => [`${row.region_code}|${row.hour.toISOString()}`, { points: row.number_of_points, sumTenths: Math.round(Number(row.temperature_sum) * 10) }]));
}

export interface AggregateComparison {
  equal: boolean;
  /** Points the generator expects and the table lacks: readings lost, or not there yet. */
  missingPoints: number;
  /** Points the table has beyond the expectation: readings counted twice. */
  extraPoints: number;
  /** Region-hours whose count or sum differ, a few of them, for a message. */
  differences: string[];
}

export function compareAggregates(expected: Aggregates, actual: Aggregates): AggregateComparison {
  let missingPoints = 0;
  let extraPoints = 0;
  const differences: string[] = [];
  for (const key of new Set([...expected.keys(), ...actual.keys()])) {
    const want = expected.get(key) ?? { points: 0, sumTenths: 0 };
    const have = actual.get(key) ?? { points: 0, sumTenths: 0 };
    if (want.points > have.points) missingPoints += want.points - have.points;
    if (have.points > want.points) extraPoints += have.points - want.points;
    if (want.points !== have.points || want.sumTenths !== have.sumTenths) differences.push(`${key}: expected ${want.points} points, sum ${want.sumTenths / 10}; found ${have.points}, ${have.sumTenths / 10}`);
  }
  return { equal: differences.length === 0, missingPoints, extraPoints, differences: differences.sort().slice(0, 10) };
}

/** A cheap summary of the table: it changes whenever a reading is added, corrected or retracted. */
export async function tableFingerprint(database: Queryable): Promise<string> {
  const { rows } = await database.query<{ fingerprint: string }>(
    "SELECT coalesce(sum(number_of_points), 0) || '/' || coalesce(sum(temperature_sum), 0) || '/' || count(*) AS fingerprint FROM region_hourly_temperature",
  );
  return rows[0]!.fingerprint;
}
