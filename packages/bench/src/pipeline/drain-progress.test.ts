import { parseProgressFile, secondsToFirstPoint, steadyReadingsPerSecond } from './drain-progress.ts';

const samples = [
  { seconds: 0, points: 0 },
  { seconds: 1, points: 0 },
  { seconds: 2, points: 100 },
  { seconds: 3, points: 300 },
  { seconds: 4, points: 700 },
  { seconds: 5, points: 950 },
  { seconds: 6, points: 1000 },
];

describe('steadyReadingsPerSecond', () => {
  it('is the slope between the first samples at 20 % and 90 % of the points, scaled to readings', () => {
    // 300 points at 3 s, 950 at 5 s: 325 points/s; 2,000 readings gave 1,000 points.
    expect(steadyReadingsPerSecond(samples, 1000, 2000)).toBe(650);
  });

  it('is undefined when the table never reached 90 %', () => {
    expect(steadyReadingsPerSecond(samples.slice(0, 4), 1000, 2000)).toBeUndefined();
  });
});

describe('secondsToFirstPoint', () => {
  it('is the first sample with a point in the table', () => {
    expect(secondsToFirstPoint(samples)).toBe(2);
    expect(secondsToFirstPoint([{ seconds: 1, points: 0 }])).toBeUndefined();
  });
});

describe('parseProgressFile', () => {
  it('reads seconds and points, skipping the header', () => {
    expect(parseProgressFile('# seconds_since_submit points_in_table\n4.935 0\n7.415 100\n')).toEqual([
      { seconds: 4.935, points: 0 },
      { seconds: 7.415, points: 100 },
    ]);
  });
});
