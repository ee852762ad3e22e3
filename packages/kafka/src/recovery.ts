/**
 * How long to wait before the n-th restart in a row (n from 0): exponential from `initialMs`, capped
 * at `maxMs`, with full jitter so that the instances of a group that failed together do not all
 * come back at the same moment.
 */
export function restartDelay(attempt: number, options: { initialMs?: number; maxMs?: number } = {}, random: () => number = Math.random): number {
  const initialMs = options.initialMs ?? 500;
  const maxMs = options.maxMs ?? 30_000;
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
