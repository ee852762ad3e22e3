import { FetchIsolationLevels, type ClusterMetadata, type Consumer } from '@platformatic/kafka';
import { rejectedRecord } from '@thermostream/readings';
import type { CommitStrategy } from './commit-strategy.ts';
import type { ConsumerScope } from './consumer-scope.ts';
import { fetchOwned, type FetchedBatch, type FetchWait } from './fetch-owned.ts';
import { rejection } from './records.ts';
import { describeFailure } from './recovery.ts';
import type { Topic } from './topics.ts';
import { findReadableOffset, isUnreadableData } from './unreadable.ts';

/** Fetches of the same offset that failed on unreadable bytes before its batch is set aside and skipped. */
const unreadableTries = 3;

export interface ReadableFetchDeps {
  consumer: Consumer;
  positions: Map<number, bigint>;
  /** Failed reads by partition and offset; the consumer's, not the client's, so that they add up across restarts. */
  unreadable: Map<string, number>;
  /** Fetches that look for readable data answer with whatever is there. */
  wait: FetchWait;
  pause(ms: number): Promise<void>;
  commitSkipped: CommitStrategy['commitSkipped'];
}

/**
 * Fetches the owned partitions one by one after a fetch failed on bytes the client cannot read:
 * the readable ones go on, and a partition whose batch at its position failed `unreadableTries`
 * times has that batch set aside (a rejected record naming partition and offsets) and skipped.
 */
export function createReadableFetch<T extends Topic>(scope: ConsumerScope<T>, deps: ReadableFetchDeps) {
  const { options, inputTopic, logger, labels } = scope;
  const { consumer, positions, unreadable, wait } = deps;

  async function skipUnreadable(metadata: ClusterMetadata, partition: number, error: unknown): Promise<void> {
    const from = positions.get(partition)!;
    const stable = await consumer.listOffsets({ topics: [inputTopic], partitions: { [inputTopic]: [partition] }, isolationLevel: FetchIsolationLevels.READ_COMMITTED });
    const end = stable.get(inputTopic)?.[partition] ?? from + 1n;
    const resume = await findReadableOffset(from, end, async (offset) => {
      try {
        const [got] = await fetchOwned(consumer, metadata, inputTopic, [partition], new Map([[partition, offset]]), 1, wait);
        return got?.firstBatchOffset ?? offset;
      } catch (probeError) {
        if (!isUnreadableData(probeError)) throw probeError;
        return undefined;
      }
    });
    const reason = describeFailure(error);
    const kept = rejection(
      rejectedRecord({ service: options.serviceName, readingId: null, payload: '', source: { topic: inputTopic, partition, offset: Number(from) }, rejectedAt: Date.now() }, [
        {
          code: 'BATCH_UNREADABLE',
          field: null,
          message: `offsets ${from} to ${resume - 1n} of ${inputTopic} partition ${partition} cannot be read (${reason}); skipped after ${unreadableTries} tries`,
        },
      ]),
    );
    await deps.commitSkipped(kept, partition, resume);
    positions.set(partition, resume);
    options.metrics.increment('thermostream_corrupt_batches_total', labels);
    options.metrics.increment('thermostream_readings_rejected_total', { reason: 'BATCH_UNREADABLE' });
    logger.error({ partition, from: String(from), resume: String(resume), reason }, 'unreadable record batch kept on readings.rejected and skipped');
  }

  return async function fetchReadablePartitions(metadata: ClusterMetadata, owned: readonly number[], maxBytesPerPartition: number): Promise<FetchedBatch[]> {
    const readable: FetchedBatch[] = [];
    let waiting = false;
    for (const partition of owned) {
      try {
        readable.push(...(await fetchOwned(consumer, metadata, inputTopic, [partition], positions, maxBytesPerPartition, wait)));
        continue;
      } catch (error) {
        if (!isUnreadableData(error)) throw error;
      }
      // A response fails whole on one bad batch: asked for one byte, the broker sends the first batch alone.
      try {
        readable.push(...(await fetchOwned(consumer, metadata, inputTopic, [partition], positions, 1, wait)));
      } catch (error) {
        if (!isUnreadableData(error)) throw error;
        const at = `${partition}:${positions.get(partition)}`;
        const tries = (unreadable.get(at) ?? 0) + 1;
        unreadable.set(at, tries);
        logger.warn({ partition, offset: String(positions.get(partition)), tries, reason: describeFailure(error) }, 'record batch cannot be read');
        if (tries < unreadableTries) waiting = true;
        else await skipUnreadable(metadata, partition, error);
      }
    }
    if (waiting) await deps.pause(500);
    return readable;
  };
}
