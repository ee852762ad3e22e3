import { quietDecision } from './quiet-machine.ts';

const rule = { windowSeconds: 3, maxBusyCores: 0.1 };
/** Samples every half second, the servers using `busy[i]` cores during the i-th half second. */
const samplesOf = (busy: number[]) => {
  let cpuSeconds = 0;
  return [{ seconds: 0, cpuSeconds: 0 }, ...busy.map((cores, index) => ({ seconds: (index + 1) / 2, cpuSeconds: (cpuSeconds += cores / 2) }))];
};

describe('quietDecision', () => {
  it('is not quiet before a whole window was watched, however idle', () => {
    expect(quietDecision([], rule)).toEqual({ quiet: false, busyCores: null });
    expect(quietDecision(samplesOf([0, 0, 0, 0, 0]), rule)).toEqual({ quiet: false, busyCores: null });
  });

  it('is quiet once the last window stayed under the limit', () => {
    const decision = quietDecision(samplesOf([0.02, 0.02, 0.02, 0.02, 0.02, 0.02]), rule);
    expect(decision.quiet).toBe(true);
    expect(decision.busyCores).toBeCloseTo(0.02, 10);
  });

  it('is not quiet while the previous arm still keeps a server busy', () => {
    const decision = quietDecision(samplesOf([0.9, 0.6, 0.3, 0.1, 0.05, 0.05, 0.02]), rule);
    expect(decision.quiet).toBe(false);
    expect(decision.busyCores).toBeGreaterThan(0.1);
  });

  it('judges only the last window: an early burst does not hold the arm back', () => {
    expect(quietDecision(samplesOf([1.8, 1.8, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02]), rule).quiet).toBe(true);
  });

  it('is not quiet when a short burst falls inside the last window', () => {
    expect(quietDecision(samplesOf([0, 0, 0, 0, 1, 0, 0]), rule).quiet).toBe(false);
  });
});
