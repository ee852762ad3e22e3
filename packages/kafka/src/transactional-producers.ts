import type { Producer } from 'kafkajs';
import { compressionTypes, producerDefaults, splitIntoRequests, toTopicMessages, type Compression } from './producer.ts';
import type { KafkaContext } from './context.ts';
import type { OutboundRecord } from './records.ts';

export interface ConsumedPosition {
  topic: string;
  partition: number;
  /** The offset of the next record to read: the last handled one plus one. */
  nextOffset: string;
}

/**
 * Consume-transform-produce exactly once: the outputs of a batch and its consumed offset are
 * committed in one Kafka transaction, so they become visible together or not at all.
 *
 * One transactional producer per input partition, with a transactional id derived from the group,
 * topic and partition. Whoever owns a partition after a rebalance initialises the same id, which
 * fences the previous owner (a zombie still finishing a batch cannot commit) and aborts its open
 * transaction. KafkaJS does not implement KIP-447 (fencing by consumer-group generation), so this is
 * the pre-KIP-447 scheme Kafka Streams used: more producers, same guarantee.
 */
export function createTransactionalProducers(context: KafkaContext, groupId: string, compression: Compression) {
  const producers = new Map<string, Promise<Producer>>();

  const producerFor = (topic: string, partition: number): Promise<Producer> => {
    const transactionalId = `${groupId}.${topic}.${partition}`;
    let producer = producers.get(transactionalId);
    if (!producer) {
      producer = (async () => {
        const created = context.kafka.producer({ ...producerDefaults, transactionalId, idempotent: true, maxInFlightRequests: 1 });
        await created.connect();
        return created;
      })();
      producers.set(transactionalId, producer);
      producer.catch(() => producers.delete(transactionalId));
    }
    return producer;
  };

  return {
    async commit(position: ConsumedPosition, records: readonly OutboundRecord[]): Promise<void> {
      const producer = await producerFor(position.topic, position.partition);
      const transaction = await producer.transaction();
      try {
        for (const topicMessages of splitIntoRequests(toTopicMessages(context, records))) {
          await transaction.sendBatch({ topicMessages, acks: -1, compression: compressionTypes[compression] });
        }
        await transaction.sendOffsets({
          consumerGroupId: groupId,
          topics: [{ topic: position.topic, partitions: [{ partition: position.partition, offset: position.nextOffset }] }],
        });
        await transaction.commit();
      } catch (error) {
        await transaction.abort().catch(() => undefined);
        // A fenced or broken producer is not reused: the next batch starts from a fresh one.
        producers.delete(`${groupId}.${position.topic}.${position.partition}`);
        await producer.disconnect().catch(() => undefined);
        throw error;
      }
    },

    async disconnect(): Promise<void> {
      const all = [...producers.values()];
      producers.clear();
      await Promise.all(all.map(async (producer) => (await producer).disconnect().catch(() => undefined)));
    },
  };
}
