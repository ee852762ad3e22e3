import type { CommitStrategy } from './commit-strategy.ts';
import type { ConsumerScope } from './consumer-scope.ts';
import { fetchOwned, type FetchedBatch, type FetchWait } from './fetch-owned.ts';
import { createFetchSizer } from './fetch-size.ts';
import type { GroupMember } from './group-member.ts';
import type { Topic } from './topics.ts';
import { createReadableFetch } from './unreadable-batches.ts';
import { isUnreadableData } from './unreadable.ts';

/**
 * Compressed bytes, about 12,000 readings.raw records: enough to spread a transaction's fixed cost, few
 * enough that the next service starts on a backlog's first batch while this one reads the second.
 */
const defaultMaxBytesPerPartition = 512 * 1024;
/**
 * Uncompressed, about 30,000 readings.raw records over all the partitions. Each fetch's batches are
 * one Kafka transaction (and one PostgreSQL transaction in the aggregator): against 2 MiB, a million
 * readings with corrections cost 28.2 µs of CPU a reading instead of 32.3 (medians of five alternated
 * runs; the broker 2.9-3.4 CPU s instead of 3.7-4.6, PostgreSQL 0.6-0.7 instead of 1.0-1.1), the
 * services' peak RSS 100-190 MB higher in sum. 8 MiB did no better; 1 MiB and 512 KiB far worse.
 */
const defaultMaxRecordBytesPerFetch = 4 * 1024 * 1024;
/**
 * A fetch that finds little waits up to 100 ms for more. Every batch costs the broker and PostgreSQL a
 * transaction whatever its size, and under a live load, answered at once, batches stay small: fewer,
 * larger ones carry more readings on the same cores. A backlog fills every fetch without waiting.
 */
const defaultFetchMinBytes = 256 * 1024;
const defaultFetchMaxWaitMs = 100;

export interface OwnedFetchDeps {
  positions: Map<number, bigint>;
  unreadable: Map<string, number>;
  pause(ms: number): Promise<void>;
  commitSkipped: CommitStrategy['commitSkipped'];
}

/** The member's fetches of its partitions from their positions, sized by what the last ones brought. */
export function createOwnedFetch<T extends Topic>(scope: ConsumerScope<T>, member: GroupMember, deps: OwnedFetchDeps) {
  const { options, inputTopic, labels } = scope;
  const { positions } = deps;
  const fetchSize = createFetchSizer({
    maxBytesPerPartition: options.maxBytesPerPartition ?? defaultMaxBytesPerPartition,
    maxRecordBytes: options.maxRecordBytesPerFetch ?? defaultMaxRecordBytesPerFetch,
  });
  const wait: FetchWait = { minBytes: options.fetchMinBytes ?? defaultFetchMinBytes, maxWaitMs: options.fetchMaxWaitMs ?? defaultFetchMaxWaitMs };
  const fetchReadable = createReadableFetch(scope, { ...deps, consumer: member.consumer, wait: { minBytes: 1, maxWaitMs: wait.maxWaitMs } });

  return async function fetch(): Promise<FetchedBatch[]> {
    const metadata = await member.refreshMetadata();
    let fetched: FetchedBatch[];
    try {
      fetched = await fetchOwned(member.consumer, metadata, inputTopic, member.owned, positions, fetchSize.current, wait);
    } catch (error) {
      if (!isUnreadableData(error)) throw error;
      fetched = await fetchReadable(metadata, member.owned, fetchSize.current);
    }
    fetchSize.fetched({
      wireBytes: fetched.reduce((sum, partition) => sum + partition.wireBytes, 0),
      recordBytes: fetched.reduce((sum, partition) => sum + partition.recordBytes, 0),
      partitions: member.owned.length,
    });
    options.metrics.set('thermostream_consumer_fetch_bytes_per_partition', fetchSize.current, labels);
    return fetched;
  };
}
