import { stallTracker } from './stall-tracker.ts';

describe('the longest stall', () => {
  it('counts a still table from its last move while readings wait, until it moves again', () => {
    const tracker = stallTracker({ checkEveryMs: 1_000 });
    expect(tracker.observe(0, 'a')).toBe(false);
    expect(tracker.observe(500, 'a')).toBe(false);
    expect(tracker.observe(1_000, undefined)).toBe(true);
    tracker.waiting(1_000, true);
    // Once readings are known to wait, no more looks are needed until the table moves.
    expect(tracker.observe(5_000, undefined)).toBe(false);
    expect(tracker.longestMs(5_000)).toBe(5_000);
    tracker.observe(7_000, 'b');
    expect(tracker.longestMs(20_000)).toBe(7_000);
  });

  it('does not count a table at rest with nothing waiting, and counts from the look that found readings waiting after it', () => {
    const tracker = stallTracker({ checkEveryMs: 1_000 });
    tracker.observe(0, 'a');
    expect(tracker.observe(1_000, 'a')).toBe(true);
    tracker.waiting(1_000, false);
    expect(tracker.observe(1_500, 'a')).toBe(false);
    expect(tracker.observe(2_000, 'a')).toBe(true);
    tracker.waiting(2_000, false);
    expect(tracker.longestMs(2_500)).toBe(0);
    expect(tracker.observe(3_000, 'a')).toBe(true);
    tracker.waiting(3_000, true);
    tracker.observe(4_500, 'b');
    expect(tracker.longestMs(4_500)).toBe(1_500);
  });
});
