/**
 * The longest time the table did not move while readings waited: a still period counts as a stall
 * from the moment readings are known to wait (or from its start, when they did at the first look)
 * until the table moves again. A table at rest with nothing waiting is not stalled.
 */
export function stallTracker(options: { checkEveryMs: number }) {
  let fingerprint: string | undefined;
  let movedAt: number | undefined;
  let lastCheckAt: number | undefined;
  /** Start of the current stall, when readings wait in the current still period. */
  let stallSince: number | undefined;
  /** Whether a look in the current still period found nothing waiting. */
  let sawRest = false;
  let longestMs = 0;

  const close = (at: number) => {
    if (stallSince !== undefined) longestMs = Math.max(longestMs, at - stallSince);
  };

  return {
    /**
     * A sample of the table's fingerprint (undefined when it could not be read: the database is away,
     * which is no move). Returns whether the caller should look whether readings wait, and say it through `waiting`.
     */
    observe(at: number, current: string | undefined): boolean {
      if (current !== undefined && current !== fingerprint) {
        close(at);
        fingerprint = current;
        movedAt = at;
        lastCheckAt = undefined;
        stallSince = undefined;
        sawRest = false;
        return false;
      }
      movedAt ??= at;
      return stallSince === undefined && (lastCheckAt === undefined ? at - movedAt >= options.checkEveryMs : at - lastCheckAt >= options.checkEveryMs);
    },
    waiting(at: number, readingsWait: boolean): void {
      lastCheckAt = at;
      if (!readingsWait) sawRest = true;
      else stallSince ??= sawRest ? at : movedAt!;
    },
    /** The longest stall so far, the one under way included. */
    longestMs(at: number): number {
      return Math.max(longestMs, stallSince === undefined ? 0 : at - stallSince);
    },
  };
}
