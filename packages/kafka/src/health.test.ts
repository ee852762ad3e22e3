import type { ConsumerStatus } from './consumer.ts';
import { consumerHealth } from './health.ts';

const now = 1_000_000;
const running: ConsumerStatus = { running: true, notRunningSince: undefined, restarts: 0, lastProgressAt: now - 1_000, lag: 0 };

describe('consumerHealth', () => {
  it('is healthy while running and caught up, however long since the last batch', () => {
    expect(consumerHealth({ ...running, lastProgressAt: now - 3_600_000 }, now, 60_000)).toEqual({ healthy: true });
  });

  it('stays healthy through a short restart', () => {
    expect(consumerHealth({ ...running, running: false, notRunningSince: now - 5_000, restarts: 1 }, now, 60_000)).toEqual({ healthy: true });
  });

  it('fails once out of its group for longer than the stall time', () => {
    const health = consumerHealth({ ...running, running: false, notRunningSince: now - 61_000, restarts: 4 }, now, 60_000);
    expect(health).toEqual({ healthy: false, reason: 'not a live member of its consumer group for 61 s (4 restarts)' });
  });

  it('fails when it has lag and committed nothing for longer than the stall time', () => {
    expect(consumerHealth({ ...running, lag: 120, lastProgressAt: now - 90_000 }, now, 60_000)).toEqual({
      healthy: false,
      reason: 'no batch committed for 90 s with 120 records of lag',
    });
  });

  it('counts unknown lag as lag', () => {
    expect(consumerHealth({ ...running, lag: undefined, lastProgressAt: now - 90_000 }, now, 60_000).healthy).toBe(false);
  });
});
