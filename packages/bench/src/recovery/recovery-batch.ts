import type { RegionAssigner } from '@thermostream/regions';
import type { Aggregates } from '../chaos/pipeline-state.ts';
import type { Backlog } from '../pipeline/backlog.ts';
import { createIdSource, createReadingGenerator, seededRandom, type PartnerReading } from '../reading-generator.ts';

/**
 * What the pipeline has been given so far: each valid id's latest version, and the table that
 * follows from them. A batch sent while an scd-writer is replaced adds to both.
 */
export interface CurrentReadings {
  /** Each valid id's latest version. */
  latest: Map<string, PartnerReading>;
  /** The ids of `latest`, in the order they were first given: what a correction picks from. */
  ids: string[];
  /** Per `regionCode|hour`, what region_hourly_temperature must hold. */
  expected: Aggregates;
}

/** The readings the backlog's generator made valid: the ones a correction may follow. */
const isValid = (reading: PartnerReading) =>
  typeof reading.id === 'string' && typeof reading.temperature === 'number' && Number.isFinite(reading.temperature) && typeof reading.lat === 'number' && Math.abs(reading.lat) <= 90;

/** The backlog as the pipeline holds it once drained; its expectation is copied, not shared. */
export function currentReadingsOf(backlog: Pick<Backlog, 'readings' | 'expected'>): CurrentReadings {
  const latest = new Map<string, PartnerReading>();
  const ids: string[] = [];
  for (const reading of backlog.readings) {
    if (!isValid(reading)) continue;
    const id = reading.id as string;
    const previous = latest.get(id);
    if (previous === undefined) ids.push(id);
    if (previous === undefined || (reading.version as number) > (previous.version as number)) latest.set(id, reading);
  }
  return { latest, ids, expected: new Map([...backlog.expected].map(([key, value]) => [key, { ...value }])) };
}

export interface RecoveryBatch {
  readings: PartnerReading[];
  /** Readings of ids never seen before. */
  fresh: number;
  /** New versions of ids the pipeline already holds. */
  corrections: number;
  /** The ids this batch gave a version: the next batch corrects some of them again. */
  touched: string[];
}

/**
 * A batch to send while an scd-writer is replaced: `fresh` new ids (UUIDs of a stream of their own
 * for each round, 8 % of them abroad) and `corrections` new versions of ids the pipeline holds, each
 * with another temperature and a third of them another hour of the same day. Half the corrections
 * follow ids of `recent` (the last batch's) when given, so that a store that lost what the killed
 * instance wrote last shows. A correction retracts what the id's previous version added, which the
 * scd-writer finds only in its local store: a store caught up or rebuilt wrongly leaves the table
 * wrong. Adds the batch to `current` (its latest versions and expectation).
 */
export function recoveryBatch(
  current: CurrentReadings,
  options: { seed: number; round: number; fresh: number; corrections: number; recent?: readonly string[]; assign: RegionAssigner },
): RecoveryBatch {
  const random = seededRandom(options.seed ^ Math.imul(options.round + 1, 0x9e3779b1));
  const generator = createReadingGenerator({
    seed: options.seed + options.round + 1,
    startTime: Date.UTC(2026, 0, 1),
    shares: { corrections: 0, duplicates: 0, invalid: 0, foreign: 0.08 },
  });
  const newId = createIdSource({ seed: options.seed, style: 'uuid', prefix: `recovery-${options.round}` });
  const readings: PartnerReading[] = [];
  const give = (reading: PartnerReading) => {
    const id = reading.id as string;
    const previous = current.latest.get(id);
    if (previous === undefined) current.ids.push(id);
    else count(current.expected, previous, options.assign, -1);
    count(current.expected, reading, options.assign, 1);
    current.latest.set(id, reading);
    readings.push(reading);
  };

  // Chosen before the fresh ids are added: a correction follows a reading the pipeline already holds.
  const corrected = new Set<string>();
  const pickFrom = (ids: readonly string[]) => ids[Math.floor(random() * ids.length)]!;
  const recent = options.recent ?? [];
  const wanted = Math.min(options.corrections, current.ids.length);
  for (let attempt = 0; corrected.size < wanted && attempt < wanted * 20; attempt += 1) {
    const fromRecent = corrected.size < Math.min(wanted / 2, recent.length);
    corrected.add(pickFrom(fromRecent ? recent : current.ids));
  }
  for (const id of corrected) give(correctionOf(current.latest.get(id)!, random));
  for (let index = 0; index < options.fresh; index += 1) give({ ...generator.next(), id: newId() });
  return { readings, fresh: options.fresh, corrections: corrected.size, touched: readings.map((reading) => reading.id as string) };
}

function correctionOf(previous: PartnerReading, random: () => number): PartnerReading {
  const drawn = Math.round((random() * 40 - 5) * 10);
  // Another temperature always, so that the sum shows which version the table counts.
  const tenths = drawn === Math.round((previous.temperature as number) * 10) ? drawn + 1 : drawn;
  const corrected: PartnerReading = { ...previous, temperature: tenths / 10, version: (previous.version as number) + 1 };
  if (random() < 1 / 3) {
    const hour = String(Math.floor(random() * 24)).padStart(2, '0');
    corrected.timestamp = `${(previous.timestamp as string).slice(0, 11)}${hour}${(previous.timestamp as string).slice(13)}`;
  }
  return corrected;
}

/** Adds (1) or takes away (-1) what one version counts in the table: nothing when it is in no region. */
function count(expected: Aggregates, reading: PartnerReading, assign: RegionAssigner, sign: 1 | -1): void {
  const region = assign(reading.lat as number, reading.lon as number);
  if (region === null) return;
  const key = `${region}|${(reading.timestamp as string).slice(0, 13).replace(' ', 'T')}:00:00.000Z`;
  const aggregate = expected.get(key) ?? { points: 0, sumTenths: 0 };
  aggregate.points += sign;
  aggregate.sumTenths += sign * Math.round((reading.temperature as number) * 10);
  if (aggregate.points === 0 && aggregate.sumTenths === 0) expected.delete(key);
  else expected.set(key, aggregate);
}

/** The points the table must hold: one per current reading in a region. */
export function expectedPoints(expected: Aggregates): number {
  let points = 0;
  for (const aggregate of expected.values()) points += aggregate.points;
  return points;
}
