/**
 * Bytes per partition of a consumer's fetches, growing from small to the configured most.
 *
 * A service facing a backlog otherwise spends its first seconds on one full batch (tens of
 * thousands of readings) while the services after it wait for its commit: the chain fills one
 * stage at a time. Small first batches reach the next service within a fraction of that, and the
 * size doubles with each fetch that brought records, so the transactions' fixed cost is spread as
 * widely as before after a handful of batches.
 */
export interface FetchSizer {
  /** The bytes per partition to ask for in the next fetch. */
  readonly current: number;
  /** After a fetch: doubles the size when it brought records, up to the most. */
  fetched(brought: boolean): void;
}

/** A fetch of the first size still returns whole record batches: the broker never cuts one. */
export const smallestFirstFetchBytes = 16 * 1024;

export function createFetchSizer(maxBytesPerPartition: number, firstShare = 16): FetchSizer {
  let current = Math.min(maxBytesPerPartition, Math.max(smallestFirstFetchBytes, Math.floor(maxBytesPerPartition / firstShare)));
  return {
    get current() {
      return current;
    },
    fetched(brought) {
      if (brought) current = Math.min(maxBytesPerPartition, current * 2);
    },
  };
}
