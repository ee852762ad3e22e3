/** The dependencies whose outages a service counts. */
export const dependencies = ['kafka', 'postgres', 'registry'] as const;
export type Dependency = (typeof dependencies)[number];

/**
 * How long each dependency was unreachable: down from the first call that could not reach it, up
 * again at the next call that could. An outage still going on counts up to now, so that a scrape in
 * the middle of one already shows it instead of a jump once it ends.
 */
export interface OutageClock {
  /** The outcome of one call: the dependency answered (even with an error of its own) or could not be reached. */
  report(dependency: Dependency, reachable: boolean): void;
  /** Seconds the dependency was down since the clock started, the outage going on included. */
  downSeconds(dependency: Dependency): number;
}

/** `now` in milliseconds; monotonic by default, so that a wall-clock step is not counted as an outage. */
export function createOutageClock(now: () => number = () => performance.now()): OutageClock {
  const outages = new Map<Dependency, { pastMs: number; downSince: number | undefined }>();
  return {
    report(dependency, reachable) {
      const outage = outages.get(dependency) ?? { pastMs: 0, downSince: undefined };
      if (!reachable) {
        outage.downSince ??= now();
      } else if (outage.downSince !== undefined) {
        outage.pastMs += now() - outage.downSince;
        outage.downSince = undefined;
      }
      outages.set(dependency, outage);
    },
    downSeconds(dependency) {
      const outage = outages.get(dependency);
      if (!outage) return 0;
      return (outage.pastMs + (outage.downSince === undefined ? 0 : now() - outage.downSince)) / 1000;
    },
  };
}
