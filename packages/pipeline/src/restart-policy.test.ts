import { decideRestart, restartDelayMs, type RestartPolicy } from './restart-policy.ts';

const policy: RestartPolicy = { initialDelayMs: 1_000, maxDelayMs: 10_000, maxRestarts: 3, windowMs: 60_000 };

describe('restartDelayMs', () => {
  it('doubles from the initial delay with each recent exit, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((exits) => restartDelayMs(exits, policy))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  it('stays at the cap however many exits there were', () => {
    expect(restartDelayMs(10_000, policy)).toBe(10_000);
  });
});

describe('decideRestart', () => {
  it('restarts a service after its first exit with the initial delay', () => {
    expect(decideRestart([5_000], 5_000, policy)).toEqual({ action: 'restart', delayMs: 1_000, recentExits: 1 });
  });

  it('gives up once the exits within the window exceed the limit', () => {
    expect(decideRestart([1_000, 2_000, 4_000], 4_000, policy)).toEqual({ action: 'restart', delayMs: 4_000, recentExits: 3 });
    expect(decideRestart([1_000, 2_000, 4_000, 8_000], 8_000, policy)).toEqual({ action: 'give-up', recentExits: 4 });
  });

  it('forgets exits older than the window, so a service that fails now and then is always restarted promptly', () => {
    const hourly = [0, 3_600_000, 7_200_000, 10_800_000, 14_400_000];
    expect(decideRestart(hourly, 14_400_000, policy)).toEqual({ action: 'restart', delayMs: 1_000, recentExits: 1 });
  });
});
