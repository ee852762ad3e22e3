import { Producer, type MessageToProduce } from '@platformatic/kafka';
import { brokersUnreachable, clientOptions, subjectOf, type ClientIdentity, type KafkaContext } from './context.ts';
import { murmur2 } from './framing.ts';
import type { OutboundRecord } from './records.ts';
import { topicName, type Topic } from './topics.ts';

/** Codecs the client produces (and reads): Kafka's five. */
export const compressions = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
/** KAFKA_COMPRESSION's default too: on a 1,000,000-reading backlog, the services used 36 CPU s with lz4, 41 with none, 44 with zstd and 48 with gzip. */
export const defaultCompression: Compression = 'lz4';
export type Compression = (typeof compressions)[number];
export const isCompression = (value: string): value is Compression => (compressions as readonly string[]).includes(value);

export interface PipelineProducer {
  /** Resolves once the broker has acknowledged every record (acks=all). */
  send(records: readonly OutboundRecord[]): Promise<void>;
  disconnect(): Promise<void>;
}

/** A record ready for the wire: topic resolved in the namespace, value Avro-encoded. */
export type WireMessage = MessageToProduce<Buffer, Buffer, Buffer, Buffer>;

/** Resolves each record's topic in the namespace and encodes its value with the topic's registered schema. */
export function toWireMessages(context: KafkaContext, records: readonly OutboundRecord[]): WireMessage[] {
  // A topic's namespaced name and value subject, made once per call rather than once per record.
  const names = new Map<Topic, { topic: string; subject: string }>();
  return records.map((record) => {
    let named = names.get(record.topic);
    if (named === undefined) names.set(record.topic, (named = { topic: topicName(record.topic, context.namespace), subject: subjectOf(record.topic, context.namespace) }));
    // One shape for every message (absent fields undefined, which the client treats as missing):
    // spreading optional parts made three objects per record and a message of four shapes.
    return {
      topic: named.topic,
      key: record.key !== null ? Buffer.from(record.key) : undefined,
      value: context.serde.encode(named.subject, record.topic.valueSchema, record.value as never),
      partition: record.partition,
      timestamp: record.timestamp !== undefined ? BigInt(record.timestamp) : undefined,
    };
  });
}

/**
 * Most bytes of keys and values (plus a per-record allowance) in one produce request. Every
 * partition's record batch then stays under the broker's default message.max.bytes (1 MiB), compressed
 * or not, however large the consumed batch was: a backlog fetched at once (a replay into a new model)
 * would otherwise make one output batch that the broker refuses.
 */
export const maxBytesPerRequest = 768 * 1024;
const recordOverheadBytes = 32;

/** Cuts messages into successive requests of at most `maxBytes`, keeping their order. */
export function splitIntoRequests<M extends Pick<WireMessage, 'key' | 'value'>>(messages: readonly M[], maxBytes = maxBytesPerRequest): M[][] {
  const requests: M[][] = [];
  let current: M[] = [];
  let size = 0;
  for (const message of messages) {
    const bytes = (message.key?.length ?? 0) + (message.value?.length ?? 0) + recordOverheadBytes;
    if (size > 0 && size + bytes > maxBytes) {
      requests.push(current);
      current = [];
      size = 0;
    }
    current.push(message);
    size += bytes;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

/**
 * The hash of a record's key whose remainder by the partition count is its partition, as Java's
 * default partitioner computes it, so a key lands on the same partition whoever produces it. The
 * client's default reads murmur2 as unsigned (about half the keys elsewhere), and its
 * `compatibilityPartitioner` hashes with BigInt: 5 % of http-ingest's CPU.
 */
export const javaCompatiblePartitioner = (_message: unknown, key?: Buffer) => (Buffer.isBuffer(key) ? murmur2(key) & 0x7fffffff : 0);

/** Sends the requests one after the other, so that each partition's records keep their order. */
export async function sendInOrder(producer: Producer<Buffer, Buffer, Buffer, Buffer>, requests: readonly WireMessage[][]): Promise<void> {
  for (const messages of requests) await producer.send({ messages });
}

/** Options every producer of the pipeline shares. */
export function producerOptions(context: ClientIdentity, role: string, compression: Compression) {
  return {
    ...clientOptions(context, role),
    idempotent: true,
    acks: -1,
    compression,
    partitioner: javaCompatiblePartitioner,
    autocreateTopics: false,
  };
}

/** An idempotent producer (acks=all, no duplicates on retry) for services that are not transactional. */
export async function createProducer(context: KafkaContext, options: { compression?: Compression } = {}): Promise<PipelineProducer> {
  const producer = new Producer(producerOptions(context, 'producer', options.compression ?? defaultCompression));
  return {
    async send(records) {
      const requests = splitIntoRequests(toWireMessages(context, records));
      // Nothing sent tells nothing of the brokers.
      if (requests.length === 0) return;
      try {
        await sendInOrder(producer, requests);
      } catch (error) {
        if (brokersUnreachable(error)) context.onReachability?.(false);
        throw error;
      }
      context.onReachability?.(true);
    },
    disconnect: () => producer.close(),
  };
}

/** Publishes bytes as they are, as a producer that ignores the registry would (tests, foreign publishers). */
export async function publishBytes(context: KafkaContext, topic: Topic, records: readonly { key: string | null; value: Buffer }[]): Promise<void> {
  const producer = new Producer(producerOptions(context, 'bytes', 'none'));
  try {
    const name = topicName(topic, context.namespace);
    await producer.send({ messages: records.map((record) => ({ topic: name, value: record.value, ...(record.key !== null ? { key: Buffer.from(record.key) } : {}) })) });
  } finally {
    await producer.close();
  }
}
