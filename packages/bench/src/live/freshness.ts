/** A request whose readings http-ingest acknowledged: when, and how many points had been acknowledged by then, its own included. */
export interface Acknowledgement {
  at: number;
  pointsAcknowledged: number;
}

/**
 * Matches acknowledgements to the table's point count as it grows: a request counts as reflected
 * once the table holds as many points as had been acknowledged up to and including it. Partitions
 * drain in no global order, so this dates the moment the table caught up with a request, not the
 * moment its own rows landed. Acknowledgements arrive in order of their counts, so a queue suffices.
 */
export function freshnessTracker() {
  const waiting: Acknowledgement[] = [];
  let head = 0;
  const ages: number[] = [];
  return {
    acknowledged(acknowledgement: Acknowledgement): void {
      waiting.push(acknowledgement);
    },
    /** The table held `points` at `at`. */
    observed(points: number, at: number): void {
      while (head < waiting.length && waiting[head]!.pointsAcknowledged <= points) {
        ages.push(at - waiting[head]!.at);
        head += 1;
      }
    },
    /** Milliseconds from acknowledgement to reflection, of every request reflected so far. */
    ages: (): readonly number[] => ages,
    pending: () => waiting.length - head,
  };
}

/** The nearest-rank percentile (0 < p ≤ 100). */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
