import { cpuPerReading } from './cpu-per-reading.ts';
import { summarizeRatio, summarizeSide, type ArmFigures } from './run-summary.ts';

const arm = (seconds: number, steady: number | null, cpuSeconds: number, waited = 3): ArmFigures => ({
  seconds,
  readingsPerSecond: 1_000_000 / seconds,
  steadyReadingsPerSecond: steady,
  cpu: cpuPerReading([{ name: 'all', cpuSeconds }], 1_000_000),
  quietWait: { waitedSeconds: waited, settled: true, busyCores: 0.02, servers: ['kafka', 'postgres'] },
});

describe('summarizeSide', () => {
  it('gives the median and the range of each figure over the runs', () => {
    const summary = summarizeSide([arm(25, 40_000, 50, 3), arm(20, null, 40, 9), arm(40, 30_000, 60, 4)]);
    expect(summary.seconds).toEqual({ median: 25, min: 20, max: 40 });
    expect(summary.readingsPerSecond).toEqual({ median: 40_000, min: 25_000, max: 50_000 });
    expect(summary.steadyReadingsPerSecond).toEqual({ median: 35_000, min: 30_000, max: 40_000 });
    expect(summary.cpuMicrosPerReading).toEqual({ median: 50, min: 40, max: 60 });
    expect(summary.quietWaitSeconds).toEqual({ median: 4, min: 3, max: 9 });
  });
});

describe('summarizeRatio', () => {
  it('divides the two sides of each run, then spreads the ratios', () => {
    const product = [arm(30, 40_000, 50), arm(28, 50_000, 45)];
    const anchor = [arm(20, 100_000, 25), arm(14, 100_000, 30)];
    const ratio = summarizeRatio(product, anchor);
    expect(ratio.readingsPerSecond.min).toBeCloseTo(14 / 28, 10);
    expect(ratio.readingsPerSecond.max).toBeCloseTo(20 / 30, 10);
    expect(ratio.readingsPerSecond.median).toBeCloseTo((20 / 30 + 14 / 28) / 2, 10);
    expect(ratio.steadyReadingsPerSecond).toEqual({ median: 0.45, min: 0.4, max: 0.5 });
    expect(ratio.cpuPerReading).toEqual({ median: 1.75, min: 1.5, max: 2 });
  });

  it('has no steady ratio when no run measured both steady rates', () => {
    expect(summarizeRatio([arm(30, null, 50)], [arm(20, 100_000, 25)]).steadyReadingsPerSecond).toBeNull();
  });

  it('refuses arms that do not pair up run by run', () => {
    expect(() => summarizeRatio([arm(30, null, 50)], [])).toThrow(/1 product arms against 0 anchor arms/);
  });
});
