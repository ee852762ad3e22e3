import { CompressionTypes, Partitioners, type Message, type Producer, type TopicMessages } from 'kafkajs';
import { subjectOf, type KafkaContext } from './context.js';
import type { OutboundRecord } from './records.js';
import { topicName } from './topics.js';

export type Compression = 'none' | 'gzip';

export const compressionTypes: Record<Compression, CompressionTypes> = { none: CompressionTypes.None, gzip: CompressionTypes.GZIP };

export interface PipelineProducer {
  /** Resolves once the broker has acknowledged every record (acks=all). */
  send(records: readonly OutboundRecord[]): Promise<void>;
  disconnect(): Promise<void>;
}

/** Groups records by topic and encodes their values with the topic's registered schema. */
export function toTopicMessages(context: KafkaContext, records: readonly OutboundRecord[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const record of records) {
    const name = topicName(record.topic, context.namespace);
    let messages = byTopic.get(name);
    if (!messages) {
      messages = [];
      byTopic.set(name, messages);
    }
    messages.push({
      key: record.key,
      value: context.serde.encode(subjectOf(record.topic, context.namespace), record.topic.valueSchema, record.value as never),
      ...(record.partition !== undefined ? { partition: record.partition } : {}),
      ...(record.timestamp !== undefined ? { timestamp: String(record.timestamp) } : {}),
    });
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

export const producerDefaults = {
  allowAutoTopicCreation: false,
  // The Java client's murmur2 partitioner: a key lands on the same partition whoever produces it.
  createPartitioner: Partitioners.DefaultPartitioner,
} as const;

/** An idempotent producer (acks=all, no duplicates on retry) for services that are not transactional. */
export async function createProducer(context: KafkaContext, options: { compression?: Compression } = {}): Promise<PipelineProducer> {
  const producer: Producer = context.kafka.producer({ ...producerDefaults, idempotent: true, maxInFlightRequests: 5 });
  await producer.connect();
  const compression = compressionTypes[options.compression ?? 'gzip'];
  return {
    async send(records) {
      if (records.length === 0) return;
      await producer.sendBatch({ topicMessages: toTopicMessages(context, records), acks: -1, compression });
    },
    disconnect: () => producer.disconnect(),
  };
}

