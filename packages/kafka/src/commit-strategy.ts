import type { Consumer } from '@platformatic/kafka';
import { handleFetchedBatch } from './consumed-batch.ts';
import type { ConsumerScope } from './consumer-scope.ts';
import type { FetchedBatch } from './fetch-owned.ts';
import type { CommittedRecord } from './fetched-records.ts';
import type { OutboundRecord, Produce } from './records.ts';
import { topicName, type Topic } from './topics.ts';

/** The generation of its group a member commits in: the broker refuses a transaction's offsets from an older one (KIP-447). */
export interface Membership {
  groupId: string;
  generationId: number;
  memberId: string;
  coordinatorId: number;
}

/** What a commit strategy needs of the group member it commits for. */
export interface CommittingMember {
  readonly consumer: Consumer;
  membership(): Membership;
  /** Commits a partition's offset outside any transaction. */
  commitOffset(partition: number, offset: bigint): Promise<void>;
}

/**
 * How the batches of a fetch are handled and committed. A batch's offset is committed only once
 * everything it caused has succeeded; otherwise the strategy throws, and the batch is fetched and
 * delivered again from its partition's position.
 */
export interface CommitStrategy {
  /**
   * Whether a new assignment forgets the positions of the partitions this member kept, to resume from
   * the committed offsets: a transaction holds no state across batches, while a handler that keeps
   * records in memory across them (at-least-once) goes on from the positions it was given.
   */
  readonly resumesFromCommitted: boolean;
  /** Handles the batches (each brought records), commits them, and moves the positions past what it committed. */
  commit(batches: FetchedBatch[]): Promise<void>;
  /** Produces the record kept in place of an unreadable batch and commits its partition from `resume` on. */
  commitSkipped(rejected: OutboundRecord, partition: number, resume: bigint): Promise<void>;
  /** Told of a failed commit before the batch is delivered again; throws when only a new join makes handling safe. */
  failed(error: unknown): Promise<void>;
  close(): Promise<void>;
}

export type BatchTools = ReturnType<typeof batchTools>;

/** What either strategy does around a batch: decode and handle it, count what it produced and consumed. */
export function batchTools<T extends Topic>(scope: ConsumerScope<T>) {
  const { context, options, inputTopic, labels } = scope;
  return {
    async handle(batch: FetchedBatch, produce: Produce): Promise<{ outputs: OutboundRecord[]; count: number }> {
      const { outputs, handled, undecodable } = await handleFetchedBatch(
        { topic: inputTopic, partition: batch.partition, records: batch.records },
        options.topic,
        context.serde,
        options.handle,
        options.serviceName,
        produce,
      );
      if (undecodable > 0) options.metrics.increment('thermostream_readings_rejected_total', { reason: 'RECORD_UNDECODABLE' }, undecodable);
      return { outputs, count: handled + undecodable };
    },

    countProduced(records: readonly OutboundRecord[]): void {
      // By topic declaration, named once per call: a changelog writes a record per reading id.
      const counts = new Map<Topic, number>();
      for (const record of records) counts.set(record.topic, (counts.get(record.topic) ?? 0) + 1);
      for (const [topic, count] of counts) options.metrics.increment('thermostream_records_produced_total', { topic: topicName(topic, context.namespace) }, count);
    },

    consumed(count: number, last: CommittedRecord): void {
      options.metrics.increment('thermostream_records_consumed_total', labels, count);
      options.metrics.set('thermostream_event_lag_seconds', Math.max(0, (Date.now() - last.timestamp) / 1000), labels);
    },
  };
}
