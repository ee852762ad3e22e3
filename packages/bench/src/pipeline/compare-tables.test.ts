import { compareTables, type RegionHourRow } from './compare-tables.ts';

const row = (regionCode: string, temperature: number, numberOfPoints: number): RegionHourRow => ({ regionCode, hour: '2026-01-01T00:00:00.000Z', temperature, numberOfPoints });

describe('compareTables', () => {
  it('agrees on equal counts and means within 1e-6', () => {
    expect(compareTables([row('FR-IDF', 12.3, 4)], [row('FR-IDF', 12.3 + 5e-7, 4)])).toEqual({ rows: 1, agreeing: 1, disagreements: [] });
  });

  it('reports a different count, a different mean and a row on one side only', () => {
    const comparison = compareTables([row('FR-IDF', 12.3, 4), row('FR-BRE', 10, 2), row('FR-COR', 20, 1)], [row('FR-IDF', 12.3, 5), row('FR-BRE', 10.001, 2), row('FR-PAC', 15, 1)]);
    expect(comparison.rows).toBe(4);
    expect(comparison.agreeing).toBe(0);
    expect(comparison.disagreements.map((disagreement) => [disagreement.regionCode, disagreement.product?.numberOfPoints, disagreement.anchor?.numberOfPoints])).toEqual([
      ['FR-IDF', 4, 5],
      ['FR-BRE', 2, 2],
      ['FR-COR', 1, undefined],
      ['FR-PAC', undefined, 1],
    ]);
  });
});
