import { freshnessTracker, percentile } from './freshness.ts';

describe('freshnessTracker', () => {
  it('dates each request from its acknowledgement to the first count that covers every point acknowledged up to it', () => {
    const tracker = freshnessTracker();
    tracker.acknowledged({ at: 1000, pointsAcknowledged: 100 });
    tracker.acknowledged({ at: 1100, pointsAcknowledged: 250 });
    tracker.observed(80, 1200);
    expect(tracker.ages()).toEqual([]);
    tracker.observed(200, 1300);
    expect(tracker.ages()).toEqual([300]);
    tracker.acknowledged({ at: 1350, pointsAcknowledged: 300 });
    tracker.observed(300, 1500);
    expect(tracker.ages()).toEqual([300, 400, 150]);
    expect(tracker.pending()).toBe(0);
  });
});

describe('percentile', () => {
  it('is the nearest rank, and null without values', () => {
    const values = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });
});
