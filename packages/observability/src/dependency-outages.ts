import type { Metrics } from './metrics.ts';
import { createOutageClock, type Dependency, type OutageClock } from './outage-clock.ts';

const outageSeconds = 'thermostream_dependency_outage_seconds_total';

export interface DependencyOutages {
  /**
   * What a client of the dependency tells after each call: true when it answered, false when it
   * could not be reached. The service exports the dependency's series from then on, at 0 until an
   * outage, so that a rate over it starts at the first scrape.
   */
  reporter(dependency: Dependency): (reachable: boolean) => void;
}

/** `thermostream_dependency_outage_seconds_total`, kept by an outage clock and brought up to date at each scrape. */
export function countDependencyOutages(metrics: Metrics, clock: OutageClock = createOutageClock()): DependencyOutages {
  const exported = new Map<Dependency, number>();
  metrics.beforeScrape(outageSeconds, () => {
    for (const [dependency, seconds] of exported) {
      const total = clock.downSeconds(dependency);
      if (total <= seconds) continue;
      metrics.increment(outageSeconds, { dependency }, total - seconds);
      exported.set(dependency, total);
    }
  });
  return {
    reporter(dependency) {
      if (!exported.has(dependency)) {
        exported.set(dependency, 0);
        metrics.increment(outageSeconds, { dependency }, 0);
      }
      return (reachable) => clock.report(dependency, reachable);
    },
  };
}
