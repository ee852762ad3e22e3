import type { RawReading } from '@thermostream/avro';
import type { RegionAssigner } from '@thermostream/regions';
import { createIdSource, createReadingGenerator, seededRandom, type IdStyle, type PartnerReading } from '../reading-generator.ts';

/** The backlog's mix: of all readings, these shares are abroad and invalid; the rest are in France. */
export const backlogShares = { abroad: 0.08, invalid: 0.02 } as const;

export interface Backlog {
  readings: PartnerReading[];
  /** Per `regionCode|hour` (hour as ISO-8601), the points and the sum in tenths of a degree the table must end with. */
  expected: Map<string, { points: number; sumTenths: number }>;
  /** Readings that count in a region: the sum of number_of_points when the table is complete. */
  expectedPoints: number;
  /** Distinct valid (id, version) pairs: the rows a complete history holds. */
  validVersions: number;
  /** Valid readings in a region, every version counted: the points of a job that knows no versions. */
  pointsOfEveryVersion: number;
}

/**
 * A seeded backlog: `count` readings, 2 % of them invalid for the product and the Flink anchor alike
 * (latitude out of range, or a temperature that is not a number), 8 % abroad, the rest in France;
 * `corrections` is the share of readings that are a new version of an earlier id.
 */
export function generateBacklog(options: { count: number; seed: number; corrections: number; ids?: IdStyle; assign: RegionAssigner }): Backlog {
  const valid = 1 - backlogShares.invalid;
  const ids = options.ids ?? 'uuid';
  const generator = createReadingGenerator({
    seed: options.seed,
    ids,
    startTime: Date.UTC(2026, 0, 1),
    // The generator places its fresh readings abroad at this share; corrections keep their id's place mostly.
    shares: { corrections: options.corrections / valid, duplicates: 0, invalid: 0, foreign: backlogShares.abroad / valid },
  });
  // A stream of its own, so that the valid readings are the same whatever share is invalid.
  const random = seededRandom(options.seed ^ 0x5bd1e995);
  const invalidId = createIdSource({ seed: options.seed, style: ids, prefix: 'invalid' });
  const readings: PartnerReading[] = [];
  let validVersions = 0;
  let pointsOfEveryVersion = 0;
  for (let index = 0; index < options.count; index += 1) {
    if (random() < backlogShares.invalid) {
      readings.push(invalidReading(invalidId(), random()));
      continue;
    }
    const reading = generator.next();
    readings.push(reading);
    validVersions += 1;
    if (options.corrections > 0 && options.assign(reading.lat as number, reading.lon as number) !== null) pointsOfEveryVersion += 1;
  }
  const expected = generator.expectedAggregates(options.assign);
  let expectedPoints = 0;
  for (const aggregate of expected.values()) expectedPoints += aggregate.points;
  // Without corrections every version is the only one of its id: no need to place the readings twice.
  return { readings, expected, expectedPoints, validVersions, pointsOfEveryVersion: options.corrections > 0 ? pointsOfEveryVersion : expectedPoints };
}

/** Broken in a way every validator refuses: the Flink anchor keeps readings with an empty id or a version 0, so those are not used. */
function invalidReading(id: string, roll: number): PartnerReading {
  const reading = { id, timestamp: '2026-01-01 00:00:00', lat: 48.85, lon: 2.35, temperature: 12.5 as unknown, country: 'France', version: 1 };
  return roll < 0.5 ? { ...reading, lat: 123.4 } : { ...reading, temperature: 'warm' };
}

/** One JSON line as partners send it and the Flink anchor reads it; a version only on a correction. */
export function jsonLine(reading: PartnerReading): string {
  const { version, ...fields } = reading;
  return JSON.stringify(typeof version === 'number' && version > 1 ? { ...fields, version } : fields);
}

/** The readings.raw value a direct publisher writes: no ingest metadata; a field Avro cannot carry is left out, as a partner's encoder would. */
export function toDirectRawReading(reading: PartnerReading): RawReading {
  const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
  return {
    id: String(reading.id),
    timestamp: String(reading.timestamp),
    lat: number(reading.lat),
    lon: number(reading.lon),
    temperature: number(reading.temperature),
    country: typeof reading.country === 'string' ? reading.country : null,
    version: number(reading.version),
    ingest: null,
  };
}
