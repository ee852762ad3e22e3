import type { VerifyReport } from '@thermostream/pipeline';
import { renderVerifyReport } from './verify.ts';

const agreeing: VerifyReport = {
  regionHoursCompared: 3,
  currentReadings: 4,
  differences: [],
  imbalances: 0,
  lake: { status: 'compared', lakeDir: '/data/lake', files: 5, regionHoursCompared: 3, currentReadings: 4, differences: [] },
};

describe('thermo verify report', () => {
  it('prints one line per recount when both agree with the table', () => {
    expect(renderVerifyReport(agreeing)).toEqual([
      'changelog: 3 region-hours compared (4 current readings): 0 difference(s)',
      'lake: 3 region-hours compared (4 current readings in 5 file(s) under /data/lake): 0 difference(s)',
    ]);
  });

  it("prints each recount's differences, marked with the recount that found them", () => {
    const difference = { regionCode: 'FR-IDF', hour: '2026-11-24T10:00:00.000Z', expectedPoints: 2, actualPoints: 3, expectedSum: '41.8', actualSum: '61.8' };
    const report: VerifyReport = {
      ...agreeing,
      differences: [difference],
      imbalances: 1,
      lake: { status: 'compared', lakeDir: '/data/lake', files: 5, regionHoursCompared: 3, currentReadings: 4, differences: [{ ...difference, expectedPoints: null, expectedSum: null }] },
    };
    expect(renderVerifyReport(report)).toEqual([
      'changelog: FR-IDF 2026-11-24T10:00:00.000Z: changelog has 2 points, sum 41.8; table has 3 points, sum 61.8',
      'lake: FR-IDF 2026-11-24T10:00:00.000Z: lake has 0 points, sum 0; table has 3 points, sum 61.8',
      'changelog: 3 region-hours compared (4 current readings): 1 difference(s); 1 region-hour(s) with retractions still waiting for their additions (deltas in flight?)',
      'lake: 3 region-hours compared (4 current readings in 5 file(s) under /data/lake): 1 difference(s)',
    ]);
  });

  it('says a lake still behind was not compared, and why a lake was skipped', () => {
    const behind = renderVerifyReport({ ...agreeing, lake: { status: 'behind', lakeDir: '/data/lake', behindVersions: 12, waitedSeconds: 60 } });
    expect(behind.at(-1)).toBe(
      'lake: not compared: 12 version(s) of readings.versions not yet in complete lake files after waiting 60 s (is the lake-writer running? thermo lag; --lake-wait to wait longer, --no-lake to skip)',
    );
    expect(renderVerifyReport({ ...agreeing, lake: { status: 'skipped', reason: '--no-lake' } }).at(-1)).toBe('lake: skipped (--no-lake)');
  });
});
