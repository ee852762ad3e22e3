import { CompressionTypes, Partitioners, type Message, type Producer, type TopicMessages } from 'kafkajs';
import { subjectOf, type KafkaContext } from './context.ts';
import type { OutboundRecord } from './records.ts';
import { topicName } from './topics.ts';

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

/**
 * Most bytes of keys and values (plus a per-record allowance) in one produce request. Every
 * partition's record batch then stays under the broker's default message.max.bytes (1 MiB), compressed
 * or not, however large the consumed batch was: a backlog fetched at once (a replay into a new model)
 * would otherwise make one output batch that the broker refuses.
 */
export const maxBytesPerRequest = 768 * 1024;
const recordOverheadBytes = 32;

/** Cuts topic messages into successive requests of at most `maxBytes`, keeping their order. */
export function splitIntoRequests(topicMessages: readonly TopicMessages[], maxBytes = maxBytesPerRequest): TopicMessages[][] {
  const requests: TopicMessages[][] = [];
  let current = new Map<string, Message[]>();
  let size = 0;
  const flush = () => {
    if (current.size > 0) requests.push([...current].map(([topic, messages]) => ({ topic, messages })));
    current = new Map();
    size = 0;
  };
  for (const { topic, messages } of topicMessages) {
    for (const message of messages) {
      const bytes = byteLength(message.key) + byteLength(message.value) + recordOverheadBytes;
      if (size > 0 && size + bytes > maxBytes) flush();
      let list = current.get(topic);
      if (!list) current.set(topic, (list = []));
      list.push(message);
      size += bytes;
    }
  }
  flush();
  return requests;
}

const byteLength = (data: Message['key'] | Message['value']) => (data === null || data === undefined ? 0 : typeof data === 'string' ? Buffer.byteLength(data) : data.length);

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
      // One request after the other, so that each partition's records keep their order.
      for (const topicMessages of splitIntoRequests(toTopicMessages(context, records))) await producer.sendBatch({ topicMessages, acks: -1, compression });
    },
    disconnect: () => producer.disconnect(),
  };
}

