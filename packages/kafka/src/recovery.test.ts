import { restartDelay } from './recovery.ts';

describe('restartDelay', () => {
  it('doubles from the initial delay, within half of it and all of it', () => {
    expect([0, 1, 2].map((attempt) => restartDelay(attempt, { initialMs: 100 }, () => 0))).toEqual([50, 100, 200]);
    expect([0, 1, 2].map((attempt) => restartDelay(attempt, { initialMs: 100 }, () => 1))).toEqual([100, 200, 400]);
  });

  it('never waits longer than the cap, however many restarts failed', () => {
    expect(restartDelay(1_000, { initialMs: 100, maxMs: 5_000 }, () => 1)).toBe(5_000);
  });
});
