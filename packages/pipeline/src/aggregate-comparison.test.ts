import { canonicalDecimal, compareAggregates, recountAggregates, sameDecimal, type RegionHourAggregate } from './aggregate-comparison.ts';

const ten = Date.UTC(2026, 10, 24, 10);
const eleven = Date.UTC(2026, 10, 24, 11);
const row = (regionCode: string, hour: number, points: number, sum: string): RegionHourAggregate => ({ regionCode, hour, points, sum });

describe('recountAggregates', () => {
  it('counts and sums exactly the current versions of each region and hour, none abroad', () => {
    const aggregates = recountAggregates([
      { regionCode: 'FR-IDF', hour: ten, temperature: 0.1 },
      { regionCode: 'FR-IDF', hour: ten, temperature: 0.2 },
      { regionCode: null, hour: ten, temperature: 30 },
      { regionCode: 'FR-ARA', hour: eleven, temperature: -3.25 },
    ]);
    expect(aggregates).toEqual([row('FR-IDF', ten, 2, '0.3'), row('FR-ARA', eleven, 1, '-3.25')]);
  });

  it('gives the same sum whether equal temperatures come one by one or grouped with a count (as the lake gives them)', () => {
    const temperatures = Array.from({ length: 500 }, (_, index) => Math.round(Math.sin(index) * 400) / 10 + (index % 7 === 0 ? 1e-7 : 0));
    const oneByOne = recountAggregates(temperatures.map((temperature) => ({ regionCode: 'FR-BRE', hour: ten, temperature })));
    const counts = new Map<number, number>();
    for (const temperature of temperatures) counts.set(temperature, (counts.get(temperature) ?? 0) + 1);
    const grouped = recountAggregates([...counts].map(([temperature, count]) => ({ regionCode: 'FR-BRE', hour: ten, temperature, count })));
    expect(grouped).toEqual(oneByOne);
    expect(oneByOne[0]!.points).toBe(500);
  });
});

describe('decimal equality', () => {
  it.each([
    ['20.50', '20.5'],
    ['020.5', '20.5'],
    ['0.0', '0'],
    ['-0.00', '0'],
    ['-1.10', '-1.1'],
    ['100', '100.000'],
    ['.5', '0.5'],
  ])('%s equals %s', (a, b) => {
    expect(sameDecimal(a, b)).toBe(true);
  });

  it.each([
    ['20.5', '20.05'],
    ['100', '10'],
    ['-1.1', '1.1'],
    ['0.1', '0.10000001'],
    ['NaN', '0'],
  ])('%s differs from %s', (a, b) => {
    expect(sameDecimal(a, b)).toBe(false);
  });

  it('leaves anything that is not a plain decimal as it is', () => {
    expect(canonicalDecimal('NaN')).toBe('NaN');
    expect(canonicalDecimal('1e3')).toBe('1e3');
    expect(canonicalDecimal('')).toBe('');
  });
});

describe('compareAggregates', () => {
  it('finds no difference when counts and sums agree numerically, and counts the region-hours and readings', () => {
    const comparison = compareAggregates([row('FR-IDF', ten, 2, '41.80'), row('FR-ARA', ten, 1, '15')], [row('FR-ARA', ten, 1, '15.0'), row('FR-IDF', ten, 2, '41.8')]);
    expect(comparison).toEqual({ regionHoursCompared: 2, currentReadings: 3, differences: [] });
  });

  it('reports a region-hour whose count or sum differs, one missing from the table and one the recount lacks, by region then hour', () => {
    const comparison = compareAggregates(
      [row('FR-PAC', eleven, 1, '18.25'), row('FR-IDF', eleven, 2, '41.8'), row('FR-IDF', ten, 3, '60'), row('FR-ARA', ten, 1, '15')],
      [row('FR-IDF', ten, 3, '60.1'), row('FR-IDF', eleven, 1, '20.5'), row('FR-COR', ten, 1, '9'), row('FR-ARA', ten, 1, '15')],
    );
    expect(comparison.regionHoursCompared).toBe(5);
    expect(comparison.currentReadings).toBe(7);
    expect(comparison.differences).toEqual([
      { regionCode: 'FR-COR', hour: '2026-11-24T10:00:00.000Z', expectedPoints: null, actualPoints: 1, expectedSum: null, actualSum: '9' },
      { regionCode: 'FR-IDF', hour: '2026-11-24T10:00:00.000Z', expectedPoints: 3, actualPoints: 3, expectedSum: '60', actualSum: '60.1' },
      { regionCode: 'FR-IDF', hour: '2026-11-24T11:00:00.000Z', expectedPoints: 2, actualPoints: 1, expectedSum: '41.8', actualSum: '20.5' },
      { regionCode: 'FR-PAC', hour: '2026-11-24T11:00:00.000Z', expectedPoints: 1, actualPoints: null, expectedSum: '18.25', actualSum: null },
    ]);
  });

  it('compares nothing with nothing', () => {
    expect(compareAggregates([], [])).toEqual({ regionHoursCompared: 0, currentReadings: 0, differences: [] });
  });
});
