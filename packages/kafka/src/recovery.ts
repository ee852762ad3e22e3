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

/**
 * An error in one line: the client's aggregates nest every retry of every step, so only the outer
 * message and the distinct causes at the bottom are kept.
 */
export function describeFailure(error: unknown): string {
  // Duck-typed: errors from Node's own sockets may come from another realm than the client's.
  const asError = (value: unknown) => (typeof value === 'object' && value !== null && 'message' in value ? (value as { message: string; errors?: unknown[]; cause?: unknown }) : undefined);
  const causes = new Set<string>();
  const collect = (current: unknown, depth: number) => {
    const found = asError(current);
    if (!found || depth > 20) return;
    const inner = [...(found.errors ?? []), ...(found.cause !== undefined ? [found.cause] : [])];
    if (inner.length === 0) causes.add(String(found.message));
    for (const next of inner) collect(next, depth + 1);
  };
  collect(error, 0);
  const outer = asError(error) ? String(asError(error)!.message).split('. ')[0]! : String(error);
  return causes.size === 0 || (causes.size === 1 && causes.has(outer)) ? outer : `${outer}: ${[...causes].join('; ')}`;
}

/** After a client failed: start another after a pause, or give up once failing for the recovery time. */
export type RecoveryVerdict = { giveUp: true; failingForMs: number } | { giveUp: false; restartInMs: number };

/** Times a run of failed clients, from the first failure since a client last joined its group. */
export function createRecoveryClock(timeoutMs: number, random: () => number = Math.random) {
  let attempt = 0;
  let failingSince: number | undefined;
  return {
    joined(): void {
      attempt = 0;
      failingSince = undefined;
    },
    failed(now: number): RecoveryVerdict {
      failingSince ??= now;
      if (now - failingSince >= timeoutMs) return { giveUp: true, failingForMs: now - failingSince };
      return { giveUp: false, restartInMs: restartDelay(attempt++, {}, random) };
    },
  };
}
