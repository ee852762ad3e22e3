import { randomUUID } from 'node:crypto';
import { Producer } from '@platformatic/kafka';
import type { BatchTools, CommitStrategy, CommittingMember } from './commit-strategy.ts';
import type { ConsumerScope } from './consumer-scope.ts';
import { ProducedOffsets } from './produced-offsets.ts';
import { defaultCompression, producerOptions, splitIntoRequests, toWireMessages } from './producer.ts';
import type { OutboundRecord, Produce } from './records.ts';
import { describeFailure } from './recovery.ts';
import type { Topic } from './topics.ts';

/**
 * A transaction committed but the handler could not record it in its own state: the state is behind
 * Kafka's, and only a new assignment (which catches it up) makes handling safe again.
 */
class StateBehindKafkaError extends Error {
  constructor(cause: unknown) {
    super(`the handler's state could not follow a committed transaction (${describeFailure(cause)}); joining the group again to catch it up`, { cause });
  }
}

/**
 * A member's transactional id. Under a stable name (static membership) it is the same in the process
 * that replaces a killed one, whose first request to the coordinator then fences the killed producer
 * and aborts the transaction it left open: readers downstream and the next owner of its partitions go
 * on at once instead of after the transaction timeout. Two live processes given one name fence each
 * other, as their group memberships already do. Without a name every producer has an id of its own.
 */
export function transactionalIdOf(group: string, clientId: string, groupInstanceId: string | undefined): string {
  return groupInstanceId === undefined ? `${group}.${clientId}.${randomUUID()}` : `${group}.${groupInstanceId}`;
}

export type TransactionalProducer = Pick<Producer<Buffer, Buffer, Buffer, Buffer>, 'beginTransaction' | 'close'>;

/**
 * The outputs of a fetch's batches and their consumed offsets commit in one Kafka transaction, fenced
 * by the member's generation; a handler with state beside Kafka is told how each transaction ended.
 * `openProducer` stands in for the client's producer in tests.
 */
export function createTransactionalCommit<T extends Topic>(
  scope: ConsumerScope<T>,
  member: CommittingMember,
  positions: Map<number, bigint>,
  tools: BatchTools,
  openProducer?: () => TransactionalProducer,
): CommitStrategy {
  const { context, options, group, inputTopic } = scope;
  const compression = options.compression ?? defaultCompression;
  const open =
    openProducer ??
    (() =>
      new Producer<Buffer, Buffer, Buffer, Buffer>({
        ...producerOptions(context, 'transactional', compression),
        transactionalId: transactionalIdOf(group, context.clientId, options.groupInstanceId),
      }));
  let producer: TransactionalProducer | undefined;

  const closeProducer = async () => {
    const closing = producer;
    producer = undefined;
    await closing?.close().catch(() => undefined);
  };

  /**
   * Produces the outputs and commits the next offsets of the partitions in one transaction; returns
   * where the outputs landed when a handler follows the outcome (nobody else needs it counted).
   */
  async function transact(outputs: readonly OutboundRecord[], consumed: readonly { partition: number; nextOffset: bigint }[]): Promise<ProducedOffsets | undefined> {
    const transactional = (producer ??= open());
    const transaction = await transactional.beginTransaction();
    const produced = options.transactionOutcome ? new ProducedOffsets(context.namespace) : undefined;
    try {
      for (const messages of splitIntoRequests(toWireMessages(context, outputs))) {
        const result = await transaction.send({ messages });
        produced?.add(messages, result);
      }
      await transaction.addConsumer(member.consumer);
      const fenced = member.membership();
      for (const { partition, nextOffset } of consumed) {
        // The client commits offset + 1, with this member's generation: a zombie of an older one is refused (KIP-447).
        await transaction.addOffset({ topic: inputTopic, partition, offset: nextOffset - 1n, metadata: { consumer: fenced } } as never);
      }
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      options.transactionOutcome?.aborted();
      throw error;
    }
    return produced;
  }

  return {
    resumesFromCommitted: true,

    async commit(batches) {
      if (batches.length === 0) return;
      const outputs: OutboundRecord[] = [];
      const stage: Produce = async (records) => void outputs.push(...records);
      let handled = 0;
      try {
        for (const batch of batches) {
          const result = await tools.handle(batch, stage);
          outputs.push(...result.outputs);
          handled += result.count;
        }
      } catch (error) {
        // What the handler staged for the partitions before the failing one belongs to no transaction.
        options.transactionOutcome?.aborted();
        throw error;
      }
      const produced = await transact(outputs, batches);
      tools.countProduced(outputs);
      if (options.transactionOutcome && produced) {
        try {
          await options.transactionOutcome.committed(produced);
        } catch (error) {
          throw new StateBehindKafkaError(error);
        }
      }
      tools.consumed(handled, batches.at(-1)!.records.at(-1)!);
      for (const batch of batches) positions.set(batch.partition, batch.nextOffset);
    },

    async commitSkipped(rejected, partition, resume) {
      await transact([rejected], [{ partition, nextOffset: resume }]);
      tools.countProduced([rejected]);
    },

    async failed(error) {
      if (error instanceof StateBehindKafkaError) throw error;
      await closeProducer();
    },

    close: closeProducer,
  };
}
