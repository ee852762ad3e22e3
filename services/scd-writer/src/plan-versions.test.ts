import type { RegionalReading } from '@thermostream/avro';
import { planVersions, type CurrentVersion } from './plan-versions.js';

const hour = Date.UTC(2026, 10, 24, 10);

const regional = (id: string, version: number | null, temperature: number, region = 'FR-IDF', readingHour = hour): RegionalReading => ({
  reading: {
    id,
    event_time: readingHour + 60_000,
    lat: 48.85,
    lon: 2.35,
    temperature,
    country: 'France',
    version,
    ingested_at: 1000 + temperature,
    raw_partition: 0,
    raw_offset: temperature,
  },
  region_code: region,
  hour: readingHour,
});

const kinds = (plan: ReturnType<typeof planVersions>) => plan.deltas.map((delta) => `${delta.kind} ${delta.region_code} ${delta.temperature}`);

describe('planVersions', () => {
  it('stores a new id as current and adds it', () => {
    const plan = planVersions([regional('a', 1, 20)], new Map());
    expect(plan.inserts).toEqual([expect.objectContaining({ readingId: 'a', version: 1, validTo: null })]);
    expect(plan.closes).toEqual([]);
    expect(kinds(plan)).toEqual(['ADD FR-IDF 20']);
  });

  it('closes the current version for a newer one, retracting the old value and adding the new', () => {
    const current = new Map<string, CurrentVersion>();
    planVersions([regional('a', 1, 20)], current);
    const plan = planVersions([regional('a', 2, 22)], current);
    expect(plan.closes).toEqual([{ readingId: 'a', version: 1, validTo: 1022 }]);
    expect(kinds(plan)).toEqual(['RETRACT FR-IDF 20', 'ADD FR-IDF 22']);
  });

  it('moves the contribution when a correction changes region or hour', () => {
    const current = new Map<string, CurrentVersion>();
    planVersions([regional('a', 1, 20)], current);
    const plan = planVersions([regional('a', 2, 20, 'FR-ARA', hour + 3_600_000)], current);
    expect(plan.deltas.map((delta) => [delta.kind, delta.region_code, delta.hour])).toEqual([
      ['RETRACT', 'FR-IDF', hour],
      ['ADD', 'FR-ARA', hour + 3_600_000],
    ]);
  });

  it('ignores the same version twice', () => {
    const current = new Map<string, CurrentVersion>();
    planVersions([regional('a', 1, 20)], current);
    const plan = planVersions([regional('a', 1, 20)], current);
    expect(plan).toEqual({ inserts: [], closes: [], deltas: [] });
  });

  it('keeps an older version that arrives late in history, closed, without touching aggregates', () => {
    const current = new Map<string, CurrentVersion>();
    planVersions([regional('a', 3, 23)], current);
    const plan = planVersions([regional('a', 2, 22)], current);
    expect(plan.inserts).toEqual([expect.objectContaining({ version: 2, validFrom: 1022, validTo: 1022 })]);
    expect(plan.deltas).toEqual([]);
    expect(current.get('a')!.version).toBe(3);
  });

  it('orders several versions of one id within a batch', () => {
    const plan = planVersions([regional('a', 1, 20), regional('a', 2, 21), regional('a', 1, 20)], new Map());
    expect(kinds(plan)).toEqual(['ADD FR-IDF 20', 'RETRACT FR-IDF 20', 'ADD FR-IDF 21']);
    // Only the last version is written as current: the first is closed before it reaches the table,
    // and its late repeat is a closed history row the table already has (ON CONFLICT DO NOTHING).
    expect(plan.inserts.map((row) => [row.version, row.validTo])).toEqual([
      [1, 1021],
      [2, null],
      [1, 1020],
    ]);
    expect(plan.closes).toEqual([]);
  });

  it('orders readings without a version by arrival: a changed one is the next version, an identical one a duplicate', () => {
    const current = new Map<string, CurrentVersion>();
    planVersions([regional('a', null, 20)], current);
    expect(planVersions([regional('a', null, 20)], current).deltas).toEqual([]);
    const correction = planVersions([regional('a', null, 25)], current);
    expect(correction.inserts).toEqual([expect.objectContaining({ version: 2 })]);
    expect(kinds(correction)).toEqual(['RETRACT FR-IDF 20', 'ADD FR-IDF 25']);
  });
});
