import { cpuPerReading } from './cpu-per-reading.ts';

describe('cpuPerReading', () => {
  it('adds every process and divides by the readings, in microseconds', () => {
    const parts = [
      { name: 'filter', cpuSeconds: 6 },
      { name: 'scd-writer', cpuSeconds: 9.5 },
      { name: 'postgres', cpuSeconds: 17.9 },
      { name: 'kafka', cpuSeconds: 3.4 },
    ];
    const cost = cpuPerReading(parts, 1_000_000);
    expect(cost.totalSeconds).toBeCloseTo(36.8, 10);
    expect(cost.microsPerReading).toBeCloseTo(36.8, 10);
    expect(cost.parts).toEqual(parts);
  });

  it('is zero per reading when nothing was counted', () => {
    expect(cpuPerReading([], 100_000)).toEqual({ parts: [], totalSeconds: 0, microsPerReading: 0 });
  });
});
