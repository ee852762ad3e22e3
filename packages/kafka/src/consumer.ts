import { FetchIsolationLevels, type ClusterMetadata } from '@platformatic/kafka';
import { rejectedRecord } from '@thermostream/readings';
import type { KafkaContext } from './context.ts';
import { createAtLeastOnceCommit } from './at-least-once-commit.ts';
import { createBatchFailurePolicy } from './batch-failures.ts';
import { batchTools, type CommittingMember } from './commit-strategy.ts';
import type { ConsumerHandle, ConsumerOptions, ConsumerStatus } from './consumer-options.ts';
import { consumerScope } from './consumer-scope.ts';
import { createFetchSizer } from './fetch-size.ts';
import { createGroupMember } from './group-member.ts';
import { fetchOwned, type FetchedBatch, type FetchWait } from './fetch-owned.ts';
import { createProducer, defaultCompression, type PipelineProducer } from './producer.ts';
import { rejection } from './records.ts';
import { describeFailure } from './recovery.ts';
import { superviseSessions } from './supervisor.ts';
import { createTransactionalCommit } from './transactional-commit.ts';
import type { Topic } from './topics.ts';
import { findReadableOffset, isUnreadableData } from './unreadable.ts';

/** Fetches of the same offset that failed on unreadable bytes before its batch is set aside and skipped. */
const unreadableTries = 3;

export type { ConsumerHandle, ConsumerOptions, ConsumerStatus, DeliveryMode, TransactionOutcome } from './consumer-options.ts';

/**
 * Runs a service's batch handler over one input topic. An offset is committed only after everything
 * the batch caused (database work, produced records) has succeeded; when the handler or a produce
 * fails, nothing of the batch is committed, the partition's position stays where it was, and the
 * batch is fetched and delivered again. When the client itself fails (broker gone, coordinator not
 * found, membership lost), the consumer is closed and started again with capped exponential backoff,
 * resuming from the committed offsets.
 */
export async function runConsumer<T extends Topic>(context: KafkaContext, options: ConsumerOptions<T>): Promise<ConsumerHandle> {
  const scope = consumerScope(context, options);
  const { inputTopic, logger, labels } = scope;
  const compression = options.compression ?? defaultCompression;
  const producer: PipelineProducer | undefined = options.mode === 'at-least-once' ? await createProducer(context, { compression }) : undefined;
  const tools = batchTools(scope);

  const status: ConsumerStatus = { running: false, notRunningSince: Date.now(), restarts: 0, lastProgressAt: Date.now(), lag: undefined };
  const setRunning = (running: boolean) => {
    if (running === status.running) return;
    status.running = running;
    status.notRunningSince = running ? undefined : Date.now();
    options.metrics.set('thermostream_consumer_running', running ? 1 : 0, labels);
  };
  options.metrics.set('thermostream_consumer_running', 0, labels);
  const gauges = setInterval(() => options.metrics.set('thermostream_seconds_since_progress', (Date.now() - status.lastProgressAt) / 1000, labels), 1_000);
  gauges.unref();

  // Failed reads of a partition's offset, kept across restarts of the client so that they add up.
  const unreadable = new Map<string, number>();
  let stopping = false;
  let wakeUp: () => void = () => undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  let current: CommittingMember | undefined;

  /** One life of the client: join, fetch and handle until stopped (resolves) or the client fails (throws). */
  async function session(onJoined: () => void): Promise<void> {
    const member = createGroupMember(scope, () => wakeUp());
    const positions = new Map<number, bigint>();
    const strategy = options.mode === 'transactional' ? createTransactionalCommit(scope, member, positions, tools) : createAtLeastOnceCommit(scope, member, positions, tools, producer!);
    try {
      await member.join();
      current = member;
      const fetchSize = createFetchSizer({
        maxBytesPerPartition: options.maxBytesPerPartition ?? defaultMaxBytesPerPartition,
        maxRecordBytes: options.maxRecordBytesPerFetch ?? defaultMaxRecordBytesPerFetch,
      });
      const wait: FetchWait = { minBytes: options.fetchMinBytes ?? defaultFetchMinBytes, maxWaitMs: options.fetchMaxWaitMs ?? defaultFetchMaxWaitMs };
      // Fetches that look for readable data answer with whatever is there.
      const noWait: FetchWait = { minBytes: 1, maxWaitMs: wait.maxWaitMs };
      const batchFailures = createBatchFailurePolicy();

      while (!stopping) {
        member.throwIfFailed();
        if (member.hasNewJoins()) {
          if (!(await member.settleJoins(positions, strategy.resumesFromCommitted))) continue;
          setRunning(true);
          onJoined();
        }
        await member.watchOwnership();
        if (member.owned.length === 0) {
          status.lag = 0;
          status.lastProgressAt = Date.now();
          await pause(1_000);
          continue;
        }

        const metadata = await member.refreshMetadata();
        let fetched: FetchedBatch[];
        try {
          fetched = await fetchOwned(member.consumer, metadata, inputTopic, member.owned, positions, fetchSize.current, wait);
        } catch (error) {
          if (!isUnreadableData(error)) throw error;
          fetched = await fetchReadablePartitions(metadata, fetchSize.current);
        }
        fetchSize.fetched({
          wireBytes: fetched.reduce((sum, partition) => sum + partition.wireBytes, 0),
          recordBytes: fetched.reduce((sum, partition) => sum + partition.recordBytes, 0),
          partitions: member.owned.length,
        });
        options.metrics.set('thermostream_consumer_fetch_bytes_per_partition', fetchSize.current, labels);
        if (member.hasNewJoins() || stopping) continue;

        const started = process.hrtime.bigint();
        let lag = 0;
        for (const partition of fetched) lag += Math.max(0, Number(partition.lastStableOffset - partition.nextOffset));
        const withRecords = fetched.filter((partition) => partition.records.length > 0);
        try {
          await strategy.commit(withRecords);
          batchFailures.succeeded();
        } catch (error) {
          options.metrics.increment('thermostream_batches_failed_total', labels);
          logger.error({ err: error, partitions: withRecords.map((partition) => partition.partition) }, 'batch failed; it will be delivered again');
          // The batch's records still wait: a batch failing for long is a stall /healthz and the alerts must see.
          status.lag = 0;
          for (const partition of fetched) {
            const waiting = Math.max(0, Number(partition.lastStableOffset - (positions.get(partition.partition) ?? partition.nextOffset)));
            status.lag += waiting;
            options.metrics.set('thermostream_consumer_lag_records', waiting, { ...labels, partition: String(partition.partition) });
          }
          await strategy.failed(error);
          const next = batchFailures.failed(error);
          if (next.restart) throw error;
          await pause(next.retryInMs);
          continue;
        } finally {
          if (withRecords.length > 0) options.metrics.observe('thermostream_batch_duration_seconds', Number(process.hrtime.bigint() - started) / 1e9, labels);
        }
        // Past control markers and aborted records too, once what came before them is committed.
        for (const partition of fetched) {
          if (partition.records.length === 0) positions.set(partition.partition, partition.nextOffset);
          options.metrics.set('thermostream_consumer_lag_records', Math.max(0, Number(partition.lastStableOffset - partition.nextOffset)), {
            ...labels,
            partition: String(partition.partition),
          });
        }
        status.lag = lag;
        if (withRecords.length > 0 || lag === 0) status.lastProgressAt = Date.now();
      }

      /**
       * Fetches the owned partitions one by one after a fetch failed on bytes the client cannot read:
       * the readable ones go on, and a partition whose batch at its position failed `unreadableTries`
       * times has that batch set aside (a rejected record naming partition and offsets) and skipped.
       */
      async function fetchReadablePartitions(metadata: ClusterMetadata, maxBytesPerPartition: number): Promise<FetchedBatch[]> {
        const readable: FetchedBatch[] = [];
        let waiting = false;
        for (const partition of member.owned) {
          try {
            readable.push(...(await fetchOwned(member.consumer, metadata, inputTopic, [partition], positions, maxBytesPerPartition, noWait)));
            continue;
          } catch (error) {
            if (!isUnreadableData(error)) throw error;
          }
          // A response fails whole on one bad batch: asked for one byte, the broker sends the first batch alone.
          try {
            readable.push(...(await fetchOwned(member.consumer, metadata, inputTopic, [partition], positions, 1, noWait)));
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
        if (waiting) await pause(500);
        return readable;
      }

      async function skipUnreadable(metadata: ClusterMetadata, partition: number, error: unknown): Promise<void> {
        const from = positions.get(partition)!;
        const stable = await member.consumer.listOffsets({ topics: [inputTopic], partitions: { [inputTopic]: [partition] }, isolationLevel: FetchIsolationLevels.READ_COMMITTED });
        const end = stable.get(inputTopic)?.[partition] ?? from + 1n;
        const resume = await findReadableOffset(from, end, async (offset) => {
          try {
            const [got] = await fetchOwned(member.consumer, metadata, inputTopic, [partition], new Map([[partition, offset]]), 1, noWait);
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
        await strategy.commitSkipped(kept, partition, resume);
        positions.set(partition, resume);
        options.metrics.increment('thermostream_corrupt_batches_total', labels);
        options.metrics.increment('thermostream_readings_rejected_total', { reason: 'BATCH_UNREADABLE' });
        logger.error({ partition, from: String(from), resume: String(resume), reason }, 'unreadable record batch kept on readings.rejected and skipped');
      }

    } finally {
      setRunning(false);
      current = undefined;
      await strategy.close();
      await member.close();
    }
  }

  let firstJoin: () => void = () => undefined;
  const joinedOnce = new Promise<void>((resolve) => (firstJoin = resolve));
  const supervisor = superviseSessions(scope, { status, stopping: () => stopping, pause, session, settled: () => firstJoin() });

  await joinedOnce;
  return {
    isReady: () => status.running,
    status: () => ({ ...status }),
    async commit(partition, offset) {
      if (!current) throw new Error('the consumer is not a member of its group; the offset will be committed after the next batch');
      await current.commitOffset(partition, BigInt(offset));
    },
    async stop() {
      stopping = true;
      wakeUp();
      await supervisor;
      clearInterval(gauges);
      await producer?.disconnect();
    },
  };
}

/**
 * Compressed bytes, about 12,000 readings.raw records: enough to spread a transaction's fixed cost, few
 * enough that the next service starts on a backlog's first batch while this one reads the second.
 */
const defaultMaxBytesPerPartition = 512 * 1024;
/**
 * Uncompressed, about 15,000 readings.raw records over all the partitions: a 1M backlog drained as
 * fast as with no such bound, and the four services of the chain peaked 300 MB lower.
 */
const defaultMaxRecordBytesPerFetch = 2 * 1024 * 1024;
/**
 * A fetch that finds little waits up to 100 ms for more. Every batch costs the broker and PostgreSQL a
 * transaction whatever its size, and under a live load, answered at once, batches stay small: fewer,
 * larger ones carry more readings on the same cores. A backlog fills every fetch without waiting.
 */
const defaultFetchMinBytes = 256 * 1024;
const defaultFetchMaxWaitMs = 100;
