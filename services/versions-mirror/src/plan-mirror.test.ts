import type { ReadingVersion } from '@thermostream/avro';
import { planMirror } from './plan-mirror.ts';

const version = (readingId: string, number: number, validFrom: number, late = false): ReadingVersion => ({
  reading_id: readingId,
  version: number,
  region_code: 'FR-IDF',
  hour: 0,
  event_time: 0,
  temperature: 20,
  lat: 48.85,
  lon: 2.35,
  valid_from: validFrom,
  late,
  raw_partition: 0,
  raw_offset: number,
});

describe('planMirror', () => {
  it('closes the stored current row of an id when a newer version comes, at its arrival', () => {
    const plan = planMirror([version('a', 2, 500)]);
    expect(plan.closes).toEqual([{ readingId: 'a', validTo: 500 }]);
    expect(plan.rows.map((row) => [row.version.version, row.validTo])).toEqual([[2, null]]);
  });

  it('stores a version superseded within the batch already closed, and closes the stored row once', () => {
    const plan = planMirror([version('a', 2, 500), version('b', 1, 510), version('a', 3, 520)]);
    expect(plan.closes).toEqual([
      { readingId: 'a', validTo: 500 },
      { readingId: 'b', validTo: 510 },
    ]);
    expect(plan.rows.map((row) => [row.version.reading_id, row.version.version, row.validTo])).toEqual([
      ['a', 2, 520],
      ['b', 1, null],
      ['a', 3, null],
    ]);
  });

  it('keeps a late version closed at its own arrival, leaving the current row alone', () => {
    const plan = planMirror([version('a', 1, 700, true)]);
    expect(plan.closes).toEqual([]);
    expect(plan.rows.map((row) => [row.version.version, row.validTo])).toEqual([[1, 700]]);
  });
});
