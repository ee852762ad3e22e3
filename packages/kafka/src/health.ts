import type { ConsumerStatus } from './consumer.ts';

export type ConsumerHealth = { healthy: true } | { healthy: false; reason: string };

/**
 * Whether a consumer still does its job: it has not been out of its group, nor sat on lag without
 * committing anything, for longer than `stallMs`. A consumer that restarts itself successfully
 * stays healthy; one that cannot, or that is stuck in a batch, does not.
 */
export function consumerHealth(status: ConsumerStatus, now: number, stallMs: number): ConsumerHealth {
  if (status.notRunningSince !== undefined && now - status.notRunningSince > stallMs) {
    return { healthy: false, reason: `not a live member of its consumer group for ${Math.round((now - status.notRunningSince) / 1000)} s (${status.restarts} restarts)` };
  }
  const sinceProgress = now - status.lastProgressAt;
  if (status.lag !== 0 && sinceProgress > stallMs) {
    const lag = status.lag === undefined ? 'unknown lag' : `${status.lag} records of lag`;
    return { healthy: false, reason: `no batch committed for ${Math.round(sinceProgress / 1000)} s with ${lag}` };
  }
  return { healthy: true };
}
