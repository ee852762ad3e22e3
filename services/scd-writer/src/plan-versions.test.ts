import type { RegionalReading } from '@thermostream/avro';
import { planVersions, versionOf, type CurrentVersion } from './plan-versions.ts';

const hour = Date.UTC(2026, 10, 24, 10);
const nextHour = hour + 3_600_000;

interface Arrival {
  version?: number | null;
  temperature?: number;
  region?: string | null;
  hour?: number;
  /** readings.raw offset: the arrival order of versions without a version number. */
  offset: number;
}

const regional = (id: string, arrival: Arrival): RegionalReading => ({
  reading: {
    id,
    event_time: (arrival.hour ?? hour) + 60_000,
    lat: arrival.region === null ? 52.52 : 48.85,
    lon: arrival.region === null ? 13.4 : 2.35,
    temperature: arrival.temperature ?? 20,
    country: 'France',
    version: arrival.version === undefined ? 1 : arrival.version,
    ingested_at: 1_000 + arrival.offset,
    raw_partition: 0,
    raw_offset: arrival.offset,
  },
  region_code: arrival.region === undefined ? 'FR-IDF' : arrival.region,
  hour: arrival.hour ?? hour,
});

const deltas = (plan: ReturnType<typeof planVersions>) =>
  plan.deltas.map(
    (delta) =>
      `${delta.kind} ${delta.region_code} ${new Date(delta.hour).toISOString().slice(11, 13)}h ${delta.temperature}${delta.point_count > 1 ? ` ×${delta.point_count}` : ''}`,
  );

/**
 * Plans each round against the state the previous rounds left, as successive batches would: after
 * each plan, its rows stored as current are what the store loads for the next.
 */
function rounds(...batches: RegionalReading[][]) {
  const current = new Map<string, CurrentVersion>();
  const plans = batches.map((batch) => {
    const plan = planVersions(
      batch,
      batch.map((incoming) => current.get(incoming.reading.id)),
    );
    for (const [id, version] of plan.current) current.set(id, version);
    return plan;
  });
  return { plans, current };
}

describe('planVersions: the SCD2 transitions', () => {
  it.each([
    ['a new id adds its temperature', [[regional('a', { offset: 0 })]], ['ADD FR-IDF 10h 20']],
    [
      'a newer version retracts the old value and adds the new one',
      [[regional('a', { offset: 0 })], [regional('a', { version: 2, temperature: 22, offset: 1 })]],
      ['RETRACT FR-IDF 10h 20', 'ADD FR-IDF 10h 22'],
    ],
    ['the same version twice changes nothing', [[regional('a', { offset: 0 })], [regional('a', { offset: 1 })]], []],
    [
      'the same version twice with another value changes nothing (the first one stays)',
      [[regional('a', { offset: 0 })], [regional('a', { temperature: 30, offset: 1 })]],
      [],
    ],
    ['an older version arriving late changes nothing', [[regional('a', { version: 3, offset: 0 })], [regional('a', { version: 2, offset: 1 })]], []],
    [
      'a correction of the region moves the contribution',
      [[regional('a', { offset: 0 })], [regional('a', { version: 2, region: 'FR-ARA', offset: 1 })]],
      ['RETRACT FR-IDF 10h 20', 'ADD FR-ARA 10h 20'],
    ],
    [
      'a correction of the hour moves the contribution',
      [[regional('a', { offset: 0 })], [regional('a', { version: 2, hour: nextHour, offset: 1 })]],
      ['RETRACT FR-IDF 10h 20', 'ADD FR-IDF 11h 20'],
    ],
    [
      'a correction moving the reading out of France retracts it',
      [[regional('a', { offset: 0 })], [regional('a', { version: 2, region: null, offset: 1 })]],
      ['RETRACT FR-IDF 10h 20'],
    ],
    [
      'a correction moving the reading into France adds it',
      [[regional('a', { region: null, offset: 0 })], [regional('a', { version: 2, offset: 1 })]],
      ['ADD FR-IDF 10h 20'],
    ],
    [
      'an older version in France arriving after a newer one abroad changes nothing',
      [[regional('a', { version: 2, region: null, offset: 1 })], [regional('a', { version: 1, offset: 0 })]],
      [],
    ],
    ['a new id abroad is history only', [[regional('a', { region: null, offset: 0 })]], []],
    [
      'a correction without version is the later arrival',
      [[regional('a', { version: null, offset: 4 })], [regional('a', { version: null, temperature: 25, offset: 9 })]],
      ['RETRACT FR-IDF 10h 20', 'ADD FR-IDF 10h 25'],
    ],
    [
      'a reading without version seen after a later arrival (it travelled on another partition) changes nothing',
      [[regional('a', { version: null, region: 'FR-ARA', temperature: 25, offset: 9 })], [regional('a', { version: null, offset: 4 })]],
      [],
    ],
    [
      'a retried reading without version (same measurement, later arrival) changes nothing',
      [[regional('a', { version: null, offset: 4 })], [regional('a', { version: null, offset: 9 })]],
      [],
    ],
  ])('%s', (_behaviour, batches, expected) => {
    const { plans } = rounds(...batches);
    expect(deltas(plans[plans.length - 1]!)).toEqual(expected);
    // Whatever the sequence, the deltas of all rounds net to the contribution of the current version.
    const net = new Map<string, number>();
    for (const delta of plans.flatMap((plan) => plan.deltas)) {
      const key = `${delta.region_code} ${delta.hour}`;
      net.set(key, (net.get(key) ?? 0) + (delta.kind === 'ADD' ? delta.point_count : -delta.point_count));
    }
    expect([...net.values()].filter((count) => count !== 0).every((count) => count === 1)).toBe(true);
  });

  it('keeps a new id as current', () => {
    const { plans } = rounds([regional('a', { offset: 0 })]);
    expect(plans[0]!.versions).toEqual([expect.objectContaining({ reading_id: 'a', version: 1, valid_from: 1_000, late: false })]);
    expect(plans[0]!.current.get('a')).toMatchObject({ version: 1, temperature: 20 });
  });

  it('makes a newer version current, kept in the history as it arrived', () => {
    const { plans, current } = rounds([regional('a', { offset: 0 })], [regional('a', { version: 2, offset: 22 })]);
    expect(plans[1]!.versions).toEqual([expect.objectContaining({ version: 2, valid_from: 1_022, late: false })]);
    expect(current.get('a')).toMatchObject({ version: 2 });
  });

  it('keeps an older version arriving late in history, marked late, and leaves the current one', () => {
    const { plans, current } = rounds([regional('a', { version: 3, offset: 0 })], [regional('a', { version: 2, offset: 22 })]);
    expect(plans[1]!.versions).toEqual([expect.objectContaining({ version: 2, valid_from: 1_022, late: true })]);
    expect(plans[1]!.current.size).toBe(0);
    expect(current.get('a')).toMatchObject({ version: 3 });
  });

  it('keeps a version abroad as history with no region', () => {
    const { plans } = rounds([regional('a', { region: null, offset: 0 })]);
    expect(plans[0]!.versions).toEqual([expect.objectContaining({ region_code: null, late: false })]);
  });

  it('orders several versions of one id within a batch', () => {
    const { plans } = rounds([regional('a', { offset: 20 }), regional('a', { version: 2, temperature: 21, offset: 21 }), regional('a', { offset: 22 })]);
    // Netted: version 1 added then retracted, version 2 added.
    expect(deltas(plans[0]!)).toEqual(['ADD FR-IDF 10h 41 ×2', 'RETRACT FR-IDF 10h 20']);
    // The repeat of version 1 after version 2 is late: history (where the lake's views keep one row
    // per version), not current.
    expect(plans[0]!.versions.map((version) => [version.version, version.late])).toEqual([
      [1, false],
      [2, false],
      [1, true],
    ]);
    expect(plans[0]!.current.get('a')).toMatchObject({ version: 2, temperature: 21 });
  });

  it('numbers a version without version number by its arrival, so the order of processing does not matter', () => {
    expect(versionOf({ version: null, raw_offset: 41 })).toBe(42);
    expect(versionOf({ version: 3, raw_offset: 41 })).toBe(3);
    const inOrder = rounds([regional('a', { version: null, offset: 4 })], [regional('a', { version: null, temperature: 25, offset: 9 })]);
    const reversed = rounds([regional('a', { version: null, temperature: 25, offset: 9 })], [regional('a', { version: null, offset: 4 })]);
    expect(reversed.current.get('a')).toEqual(inOrder.current.get('a'));
    expect(inOrder.current.get('a')).toMatchObject({ version: 10, temperature: 25 });
  });
});
