import { createAtLeastOnceCommit } from './at-least-once-commit.ts';
import { createBatchFailurePolicy } from './batch-failures.ts';
import { batchTools, type CommittingMember } from './commit-strategy.ts';
import { createOwnedFetch } from './consumer-fetch.ts';
import type { ConsumerHandle, ConsumerOptions, ConsumerStatus } from './consumer-options.ts';
import { consumerScope } from './consumer-scope.ts';
import type { KafkaContext } from './context.ts';
import { createGroupMember } from './group-member.ts';
import { createProducer, defaultCompression, type PipelineProducer } from './producer.ts';
import { superviseSessions } from './supervisor.ts';
import type { Topic } from './topics.ts';
import { createTransactionalCommit } from './transactional-commit.ts';

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
  const { logger, labels } = scope;
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
      const fetch = createOwnedFetch(scope, member, { positions, unreadable, pause, commitSkipped: strategy.commitSkipped });
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

        const fetched = await fetch();
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
