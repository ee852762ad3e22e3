import { describeLoadProgress } from './load-progress.ts';

describe('describeLoadProgress', () => {
  const start = { at: 0, sent: 0, accepted: 0, rejected: 0 };

  it('gives the totals, the rate since the last line and the rate since the start', () => {
    const previous = { at: 5_000, sent: 10_000, accepted: 9_900, rejected: 100 };
    const current = { at: 10_000, sent: 12_500, accepted: 12_375, rejected: 125 };
    expect(describeLoadProgress(start, previous, current, 50_000)).toBe(
      'load: 10 s, sent 12500/50000 (accepted 12375, rejected 125), 500 readings/s now, 1250 on average',
    );
  });

  it('shows a stall as a rate of zero now', () => {
    const previous = { at: 5_000, sent: 10_000, accepted: 10_000, rejected: 0 };
    const current = { at: 10_000, sent: 10_000, accepted: 10_000, rejected: 0 };
    expect(describeLoadProgress(start, previous, current, 50_000)).toContain('0 readings/s now, 1000 on average');
  });
});
