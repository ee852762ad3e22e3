import type { Metrics } from '@thermostream/observability';
import { groupName, type KafkaContext } from './context.ts';
import { handleFetchedBatch } from './consumed-batch.ts';
import { createProducer, type Compression } from './producer.ts';
import type { BatchHandler, OutboundRecord, Produce } from './records.ts';
import { topicName, type Topic, type TopicValue } from './topics.ts';
import { createTransactionalProducers } from './transactional-producers.ts';

export type DeliveryMode = 'transactional' | 'at-least-once';

export interface ConsumerOptions<T extends Topic> {
  /** Logical group id, e.g. 'filter'; namespaced like the topics. */
  groupId: string;
  topic: T;
  /**
   * transactional: outputs and the consumed offset commit in one Kafka transaction (Kafka-to-Kafka hops).
   * at-least-once: the handler's own effects, then the outputs are acknowledged, then the offset is committed.
   */
  mode: DeliveryMode;
  handle: BatchHandler<TopicValue<T>>;
  /** Stamped on rejected records. */
  serviceName: string;
  metrics: Metrics;
  compression?: Compression;
  /** Upper bound on bytes fetched per partition: a slow handler holds at most this much in memory. */
  maxBytesPerPartition?: number;
  /** How long the group waits for a silent member (a killed instance) before rebalancing its partitions. */
  sessionTimeoutMs?: number;
  /**
   * at-least-once only: how far a partition may be committed after a batch, when not to the batch's
   * end (a handler that keeps records in memory across batches); undefined commits nothing.
   */
  committableOffset?: (partition: number) => number | undefined;
  /** Called with the partitions this member owns after each rebalance. */
  onAssignment?: (partitions: number[]) => void;
}

export interface ConsumerHandle {
  /** True while the consumer is a member of its group and fetching. */
  isReady(): boolean;
  /** Commits a partition's offset outside a batch (a handler's own timer); at-least-once mode. */
  commit(partition: number, offset: number): Promise<void>;
  /** Finishes the batch in hand, leaves the group, closes the producers. */
  stop(): Promise<void>;
}

/**
 * Runs a service's batch handler over one input topic. An offset is committed only after everything
 * the batch caused (database work, produced records) has succeeded; when the handler or a produce
 * fails, nothing of the batch is committed and it is delivered again.
 */
export async function runConsumer<T extends Topic>(context: KafkaContext, options: ConsumerOptions<T>): Promise<ConsumerHandle> {
  const group = groupName(options.groupId, context.namespace);
  const inputTopic = topicName(options.topic, context.namespace);
  const logger = context.logger.child({ component: 'consumer', group, topic: inputTopic });
  const compression = options.compression ?? 'gzip';
  const transactional = options.mode === 'transactional' ? createTransactionalProducers(context, group, compression) : undefined;
  const producer = options.mode === 'at-least-once' ? await createProducer(context, { compression }) : undefined;

  const consumer = context.kafka.consumer({
    groupId: group,
    readUncommitted: false,
    allowAutoTopicCreation: false,
    maxBytesPerPartition: options.maxBytesPerPartition ?? 2 * 1024 * 1024,
    maxBytes: 16 * 1024 * 1024,
    sessionTimeout: options.sessionTimeoutMs ?? 30_000,
    heartbeatInterval: Math.min(3_000, Math.floor((options.sessionTimeoutMs ?? 30_000) / 3)),
  });
  const countProduced = (records: readonly OutboundRecord[]) => {
    for (const [topic, count] of countByTopic(records.map((record) => topicName(record.topic, context.namespace)))) {
      options.metrics.increment('thermostream_records_produced_total', { topic }, count);
    }
  };
  let ready = false;
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    ready = true;
    logger.info({ assignment: event.payload.memberAssignment }, 'joined group');
    options.onAssignment?.(event.payload.memberAssignment[inputTopic] ?? []);
  });
  consumer.on(consumer.events.CRASH, (event) => {
    ready = false;
    logger.error({ err: event.payload.error, restart: event.payload.restart }, 'consumer crashed');
  });
  consumer.on(consumer.events.STOP, () => {
    ready = false;
  });

  await consumer.connect();
  await consumer.subscribe({ topics: [inputTopic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, heartbeat, isStale, resolveOffset }) => {
      if (batch.messages.length === 0 || isStale()) return;
      const started = process.hrtime.bigint();
      const labels = { topic: inputTopic };
      try {
        const staged: OutboundRecord[] = [];
        const produce: Produce = transactional
          ? async (records) => void staged.push(...records)
          : async (records) => {
              await producer!.send(records);
              countProduced(records);
            };
        const { outputs, handled, undecodable } = await handleFetchedBatch(
          batch.messages.map((message) => ({ ...message, topic: batch.topic, partition: batch.partition })),
          options.topic,
          context.serde,
          options.handle,
          options.serviceName,
          produce,
        );
        const position = { topic: batch.topic, partition: batch.partition, nextOffset: (BigInt(batch.lastOffset()) + 1n).toString() };
        if (transactional) {
          await transactional.commit(position, [...staged, ...outputs]);
          countProduced([...staged, ...outputs]);
        } else {
          await producer!.send(outputs);
          countProduced(outputs);
          const offset = options.committableOffset ? options.committableOffset(batch.partition)?.toString() : position.nextOffset;
          if (offset !== undefined) await consumer.commitOffsets([{ topic: position.topic, partition: position.partition, offset }]);
        }
        // Only now, with the batch committed, may the fetch position move past it.
        resolveOffset(batch.lastOffset());
        await heartbeat();

        options.metrics.increment('thermostream_records_consumed_total', labels, handled + undecodable);
        if (undecodable > 0) options.metrics.increment('thermostream_readings_rejected_total', { reason: 'RECORD_UNDECODABLE' }, undecodable);
        options.metrics.set('thermostream_consumer_lag_records', Number(batch.offsetLag()), { ...labels, partition: String(batch.partition) });
        const lastTimestamp = Number(batch.messages[batch.messages.length - 1]!.timestamp);
        options.metrics.set('thermostream_event_lag_seconds', Math.max(0, (Date.now() - lastTimestamp) / 1000), labels);
      } catch (error) {
        options.metrics.increment('thermostream_batches_failed_total', labels);
        logger.error({ err: error, partition: batch.partition, firstOffset: batch.firstOffset() }, 'batch failed; it will be delivered again');
        throw error;
      } finally {
        options.metrics.observe('thermostream_batch_duration_seconds', Number(process.hrtime.bigint() - started) / 1e9, labels);
      }
    },
  });

  return {
    isReady: () => ready,
    commit: (partition, offset) => consumer.commitOffsets([{ topic: inputTopic, partition, offset: String(offset) }]),
    async stop() {
      await consumer.disconnect();
      await transactional?.disconnect();
      await producer?.disconnect();
    },
  };
}

function countByTopic(names: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}
