/**
 * Bytes per partition of a consumer's fetches: growing from small to the configured most, and kept
 * under a number of uncompressed bytes per fetch.
 *
 * A service facing a backlog otherwise spends its first seconds on one full batch (tens of
 * thousands of readings) while the services after it wait for its commit: the chain fills one
 * stage at a time. Small first batches reach the next service within a fraction of that, and the
 * size doubles with each fetch that brought records, so the transactions' fixed cost is spread as
 * widely as before after a handful of batches.
 *
 * What a batch holds in memory follows its uncompressed records, not the compressed bytes the
 * broker sends: lz4 packs several readings where one fits uncompressed, so a limit on the wire bytes
 * alone let a fetch of six partitions bring 90,000 readings, about 100 MB of live objects. The
 * compression of the last fetch sets how many wire bytes the next may ask for.
 */
export interface FetchSizer {
  /** The bytes per partition to ask for in the next fetch. */
  readonly current: number;
  /** After a fetch: doubles the size when it brought records, up to the most and to the uncompressed bound. */
  fetched(outcome: FetchOutcome): void;
}

export interface FetchOutcome {
  /** Bytes of the record batches the fetch brought, as the broker sent them (compressed). */
  wireBytes: number;
  /** Bytes of those batches' keys and values, uncompressed. */
  recordBytes: number;
  /** Partitions the fetch asked for. */
  partitions: number;
}

export interface FetchLimits {
  /** Most wire bytes per partition. */
  maxBytesPerPartition: number;
  /** Most uncompressed key and value bytes of one fetch, its partitions together, about. */
  maxRecordBytes: number;
}

/** The least a fetch asks of a partition, first or bounded; it still returns whole record batches: the broker never cuts one. */
export const smallestFetchBytes = 16 * 1024;

export function createFetchSizer(limits: FetchLimits, firstShare = 16): FetchSizer {
  const { maxBytesPerPartition, maxRecordBytes } = limits;
  const floor = Math.min(smallestFetchBytes, maxBytesPerPartition);
  let current = Math.max(floor, Math.floor(maxBytesPerPartition / firstShare));
  return {
    get current() {
      return current;
    },
    fetched({ wireBytes, recordBytes, partitions }) {
      if (recordBytes === 0) return;
      const grown = Math.min(maxBytesPerPartition, current * 2);
      const uncompressedBound = Math.floor(((maxRecordBytes / Math.max(1, partitions)) * wireBytes) / recordBytes);
      current = Math.max(floor, Math.min(grown, uncompressedBound));
    },
  };
}
