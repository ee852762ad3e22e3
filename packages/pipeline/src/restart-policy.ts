/**
 * When the supervisor starts a service again after it exited. A crash is restarted after a delay
 * that doubles with each recent crash up to a cap, so a service that fails at once does not spin;
 * past a number of exits within a window it is failing for a reason a restart will not fix, and the
 * supervisor gives up and says so.
 */
export interface RestartPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** More exits than this within `windowMs` and the supervisor gives up. */
  maxRestarts: number;
  windowMs: number;
}

export const defaultRestartPolicy: RestartPolicy = { initialDelayMs: 1_000, maxDelayMs: 30_000, maxRestarts: 5, windowMs: 5 * 60_000 };

/** The delay before the restart that follows the `recentExits`-th exit within the window (1, 2, 4… capped). */
export function restartDelayMs(recentExits: number, policy: RestartPolicy = defaultRestartPolicy): number {
  const doublings = Math.max(0, recentExits - 1);
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(doublings, 30));
}

export type RestartDecision = { action: 'restart'; delayMs: number; recentExits: number } | { action: 'give-up'; recentExits: number };

/** `exitTimes` are the service's exits so far, the one just seen included. */
export function decideRestart(exitTimes: readonly number[], now: number, policy: RestartPolicy = defaultRestartPolicy): RestartDecision {
  const recentExits = exitTimes.filter((time) => time > now - policy.windowMs).length;
  if (recentExits > policy.maxRestarts) return { action: 'give-up', recentExits };
  return { action: 'restart', delayMs: restartDelayMs(recentExits, policy), recentExits };
}
