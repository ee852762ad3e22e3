import { ExactDecimalSum } from '@thermostream/readings';

/** What a current version contributes to the aggregates. */
export interface CurrentContribution {
  /** Null abroad or at sea: it contributes nothing. */
  regionCode: string | null;
  /** Start of the hour, epoch milliseconds. */
  hour: number;
  temperature: number;
  /** How many current versions share this region, hour and temperature (1 when absent). */
  count?: number;
}

/** One region-hour: a recount's, or the table's row. */
export interface RegionHourAggregate {
  regionCode: string;
  /** Start of the hour, epoch milliseconds. */
  hour: number;
  points: number;
  /** The exact decimal sum of the temperatures, as text (e.g. `41.80`). */
  sum: string;
}

/** A region-hour whose stored aggregate differs from the one recounted. */
export interface AggregateDifference {
  regionCode: string;
  /** ISO 8601, UTC. */
  hour: string;
  /** The recount's; null when the recount has no such region-hour. */
  expectedPoints: number | null;
  /** The table's; null when the table has no such row. */
  actualPoints: number | null;
  expectedSum: string | null;
  actualSum: string | null;
}

/** One recount against the table. */
export interface RecountComparison {
  /** Region-hours in the recount or in the table. */
  regionHoursCompared: number;
  /** Current versions in a region that the recount counted. */
  currentReadings: number;
  differences: AggregateDifference[];
}

/**
 * Count and exact sum per region and hour of the current versions in a region. Each temperature
 * counts as the shortest decimal that reads back as its double (what `String` prints), as the
 * services add it to the table, so the sums compare exactly.
 */
export function recountAggregates(current: Iterable<CurrentContribution>): RegionHourAggregate[] {
  const byRegionHour = new Map<string, { regionCode: string; hour: number; points: number; sum: ExactDecimalSum }>();
  for (const version of current) {
    if (version.regionCode === null) continue;
    const key = `${version.regionCode}|${version.hour}`;
    let group = byRegionHour.get(key);
    if (!group) byRegionHour.set(key, (group = { regionCode: version.regionCode, hour: version.hour, points: 0, sum: new ExactDecimalSum() }));
    const count = version.count ?? 1;
    group.points += count;
    for (let added = 0; added < count; added++) group.sum.add(version.temperature);
  }
  return [...byRegionHour.values()].map(({ sum, ...group }) => ({ ...group, sum: sum.toString() }));
}

const decimalPattern = /^([+-]?)0*(\d*?)(?:\.(\d*?)0*)?$/;

/** A decimal's text without the zeros that do not change its value: `020.50` and `20.5` both give `20.5`, `-0.0` gives `0`. */
export function canonicalDecimal(text: string): string {
  const match = decimalPattern.exec(text.trim());
  // Anything else (PostgreSQL's NaN) only equals itself.
  if (match === null || !/\d/.test(text)) return text;
  const [, sign, whole, fraction = ''] = match;
  const digits = `${whole === '' ? '0' : whole}${fraction === '' ? '' : `.${fraction}`}`;
  return sign === '-' && /[1-9]/.test(digits) ? `-${digits}` : digits;
}

/** Numeric equality of two decimals as text, as PostgreSQL's numeric compares them (20.50 equals 20.5). */
export const sameDecimal = (a: string, b: string) => canonicalDecimal(a) === canonicalDecimal(b);

/**
 * Compares a recount with the table row by row: every region-hour of either, count and exact sum
 * (numeric equality). Differences are ordered by region code, then hour.
 */
export function compareAggregates(expected: readonly RegionHourAggregate[], actual: readonly RegionHourAggregate[]): RecountComparison {
  const key = (aggregate: RegionHourAggregate) => `${aggregate.regionCode}|${aggregate.hour}`;
  const table = new Map(actual.map((row) => [key(row), row]));
  const differences: (AggregateDifference & { at: number })[] = [];
  const difference = (recounted: RegionHourAggregate | undefined, stored: RegionHourAggregate | undefined) => {
    const { regionCode, hour } = (recounted ?? stored)!;
    differences.push({
      regionCode,
      hour: new Date(hour).toISOString(),
      at: hour,
      expectedPoints: recounted?.points ?? null,
      actualPoints: stored?.points ?? null,
      expectedSum: recounted?.sum ?? null,
      actualSum: stored?.sum ?? null,
    });
  };
  let currentReadings = 0;
  let regionHoursCompared = table.size;
  for (const recounted of expected) {
    currentReadings += recounted.points;
    const stored = table.get(key(recounted));
    if (stored === undefined) regionHoursCompared += 1;
    if (stored === undefined || stored.points !== recounted.points || !sameDecimal(stored.sum, recounted.sum)) difference(recounted, stored);
    table.delete(key(recounted));
  }
  for (const stored of table.values()) difference(undefined, stored);
  differences.sort((a, b) => (a.regionCode < b.regionCode ? -1 : a.regionCode > b.regionCode ? 1 : a.at - b.at));
  return { regionHoursCompared, currentReadings, differences: differences.map(({ at: _at, ...rest }) => rest) };
}
