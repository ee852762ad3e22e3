import { createRecoveryClock, describeFailure, restartDelay } from './recovery.ts';

describe('restartDelay', () => {
  it('doubles from the initial delay, within half of it and all of it', () => {
    expect([0, 1, 2].map((attempt) => restartDelay(attempt, { initialMs: 100 }, () => 0))).toEqual([50, 100, 200]);
    expect([0, 1, 2].map((attempt) => restartDelay(attempt, { initialMs: 100 }, () => 1))).toEqual([100, 200, 400]);
  });

  it('never waits longer than the cap, however many restarts failed', () => {
    expect(restartDelay(1_000, { initialMs: 100, maxMs: 5_000 }, () => 1)).toBe(5_000);
  });
});

describe('describeFailure', () => {
  it('keeps the outer step and the distinct causes at the bottom of the client\'s nested retries', () => {
    const refused = () => Object.assign(new Error('Connection to 127.0.0.1:1 failed.'), { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });
    const lookup = () => new AggregateError([new AggregateError([refused()], 'Cannot connect to any broker.'), refused()], 'findGroupCoordinator failed 2 times.');
    const error = new AggregateError([lookup(), lookup()], 'joinGroup failed 2 times. findGroupCoordinator failed 2 times. findGroupCoordinator failed 2 times.');
    expect(describeFailure(error)).toBe('joinGroup failed 2 times: connect ECONNREFUSED 127.0.0.1:1');
  });

  it('says a plain error as it is', () => {
    expect(describeFailure(new Error('The coordinator is not available.'))).toBe('The coordinator is not available.');
  });
});

describe('createRecoveryClock', () => {
  it('restarts a failed client after pauses that double, until failing for the recovery time since the first failure', () => {
    const clock = createRecoveryClock(10_000, () => 1);
    expect(clock.failed(1_000)).toEqual({ giveUp: false, restartInMs: 500 });
    expect(clock.failed(2_000)).toEqual({ giveUp: false, restartInMs: 1_000 });
    expect(clock.failed(10_999)).toEqual({ giveUp: false, restartInMs: 2_000 });
    expect(clock.failed(11_000)).toEqual({ giveUp: true, failingForMs: 10_000 });
  });

  it('starts counting afresh once a client joined its group', () => {
    const clock = createRecoveryClock(10_000, () => 1);
    clock.failed(0);
    clock.failed(9_000);
    clock.joined();
    expect(clock.failed(15_000)).toEqual({ giveUp: false, restartInMs: 500 });
    expect(clock.failed(24_999)).toEqual({ giveUp: false, restartInMs: 1_000 });
  });

  it('gives up at the first failure when no recovery time is allowed', () => {
    expect(createRecoveryClock(0).failed(5)).toEqual({ giveUp: true, failingForMs: 0 });
  });
});
