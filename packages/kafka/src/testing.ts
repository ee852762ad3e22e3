import { randomUUID } from 'node:crypto';
import { Consumer, Producer, type GroupAssignment } from '@platformatic/kafka';
import { createAvroSerde, createInMemorySchemaRegistry, type AvroSerde } from '@thermostream/avro';
import { handleFetchedBatch } from './consumed-batch.ts';
import { clientOptions, groupName, subjectOf, type KafkaContext } from './context.ts';
import { defaultCompression, producerOptions, toWireMessages } from './producer.ts';
import type { BatchHandler, OutboundRecord } from './records.ts';
import { topicName, topics, type Topic, type TopicValue } from './topics.ts';

export interface DrivenRecord<V> {
  key: string | null;
  value: V;
  /** The partition the handler addressed the record to, when it named one; the key decides otherwise. */
  partition?: number;
}

/**
 * Drives a service's batch handler the way runConsumer does, without a broker: values really go
 * through Avro and an in-memory registry, undecodable bytes become rejected records, and what the
 * handler produced can be read back per topic.
 */
export async function createTopologyTestDriver<T extends Topic>(options: { input: T; handle: BatchHandler<TopicValue<T>>; serviceName: string }) {
  const serde: AvroSerde = createAvroSerde(createInMemorySchemaRegistry());
  for (const topic of Object.values(topics)) await serde.register(subjectOf(topic, ''), topic.valueSchema);
  const produced = new Map<string, DrivenRecord<unknown>[]>();
  let nextOffset = 0;

  async function deliver(fetched: { key: string | null; value: Buffer | null }[]) {
    const producedEarly: OutboundRecord[] = [];
    const { outputs: returned } = await handleFetchedBatch(
      {
        topic: options.input.name,
        partition: 0,
        records: fetched.map(({ key, value }) => ({ offset: nextOffset++, key: key === null ? null : Buffer.from(key), value, timestamp: Date.now() })),
      },
      options.input,
      serde,
      options.handle,
      options.serviceName,
      async (records) => void producedEarly.push(...records),
    );
    for (const record of [...producedEarly, ...returned]) {
      // Outputs are encoded and decoded too, so a value its schema refuses fails the test.
      const bytes = serde.encode(subjectOf(record.topic, ''), record.topic.valueSchema, record.value as never);
      const value = await serde.decode(record.topic.valueSchema, bytes);
      const list = produced.get(record.topic.name) ?? [];
      list.push(record.partition === undefined ? { key: record.key, value } : { key: record.key, value, partition: record.partition });
      produced.set(record.topic.name, list);
    }
  }

  return {
    /** Delivers the records to the handler as one batch of the input topic. */
    pipe: (records: DrivenRecord<TopicValue<T>>[]) =>
      deliver(records.map(({ key, value }) => ({ key, value: serde.encode(subjectOf(options.input, ''), options.input.valueSchema, value as never) }))),
    /** Delivers raw bytes, as a producer that ignores the schema would. */
    pipeBytes: (records: { key: string | null; value: Buffer | null }[]) => deliver(records),
    /** Everything produced to the topic so far, in order; reading empties it. */
    read<O extends Topic>(topic: O): DrivenRecord<TopicValue<O>>[] {
      const list = produced.get(topic.name) ?? [];
      produced.delete(topic.name);
      return list as DrivenRecord<TopicValue<O>>[];
    },
    isEmpty: (topic: Topic) => (produced.get(topic.name) ?? []).length === 0,
  };
}

/**
 * Joins a group (logical id, namespaced like runConsumer's) as a member that never fetches and, as the
 * group's leader, hands no partition to anyone in its first assignment of several members: the state
 * a leader that lost a race leaves behind, every member alive and the partitions unread. Later
 * assignments give every partition to the other members. Resolves once it leads the group alone.
 */
export async function joinAsForgetfulLeader(context: KafkaContext, groupId: string, topic: Topic): Promise<{ leave(): Promise<void> }> {
  let forgot = false;
  const member = new Consumer({
    ...clientOptions(context, 'consumer'),
    groupId: groupName(groupId, context.namespace),
    autocommit: false,
    sessionTimeout: 6_000,
    heartbeatInterval: 1_000,
    partitionAssigner: (self, members, subscribed, metadata) => {
      const others = [...members.keys()].filter((memberId) => memberId !== self);
      const assignments = [...members.keys()].map((memberId) => ({ memberId, assignments: new Map<string, GroupAssignment>() }));
      if (!forgot) {
        forgot = true;
        return assignments;
      }
      for (const name of subscribed) {
        const count = metadata.topics.get(name)?.partitionsCount ?? 0;
        for (let partition = 0; partition < count; partition++) {
          const owner = assignments.find((assignment) => assignment.memberId === others[partition % others.length])!;
          const owned = owner.assignments.get(name) ?? { topic: name, partitions: [] };
          owned.partitions.push(partition);
          owner.assignments.set(name, owned);
        }
      }
      return assignments;
    },
  });
  member.topics.track(topicName(topic, context.namespace));
  await member.joinGroup({});
  return { leave: () => member.close(true) };
}

/**
 * A transaction of `records` left open, as a producer killed in its middle leaves one: the records sit
 * on their partitions, uncommitted, holding back what read_committed readers see, until it is
 * committed or aborted (a dead producer's the broker aborts after the transaction timeout, or when a
 * producer of the same transactional id starts).
 */
export async function openTransaction(
  context: KafkaContext,
  records: readonly OutboundRecord[],
  options: { transactionalId?: string } = {},
): Promise<{ commit(): Promise<void>; abort(): Promise<void> }> {
  const producer = new Producer<Buffer, Buffer, Buffer, Buffer>({
    ...producerOptions(context, 'transactional', defaultCompression),
    transactionalId: options.transactionalId ?? `${context.clientId}.open.${randomUUID()}`,
  });
  const transaction = await producer.beginTransaction();
  await transaction.send({ messages: toWireMessages(context, records) });
  const end = (ending: () => Promise<unknown>) => async () => {
    try {
      await ending();
    } finally {
      await producer.close();
    }
  };
  return { commit: end(() => transaction.commit()), abort: end(() => transaction.abort()) };
}
