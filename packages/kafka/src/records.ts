import type { RejectedRecord } from '@thermostream/avro';
import { topics, type Topic, type TopicValue } from './topics.ts';

/** A consumed record, decoded; what a service's batch handler sees. */
export interface InboundRecord<V> {
  topic: string;
  partition: number;
  /** Exact below 2^53, as the fetched record's. */
  offset: number;
  key: string | null;
  value: V;
  /** The Kafka record timestamp, epoch milliseconds. */
  timestamp: number;
  /** The value as fetched, in the wire format (the consumer sets it; records made in tests may leave it out). */
  valueBytes?: Buffer;
}

/** A record to produce; the topic declaration decides the subject and schema of its value. */
export interface OutboundRecord {
  topic: Topic;
  key: string | null;
  value: unknown;
  /** Only for a replay, which keeps each record in its original partition; otherwise the key decides. */
  partition?: number;
  /** Only for a replay, which keeps the original record timestamp (epoch milliseconds); otherwise the broker's clock. */
  timestamp?: number;
}

export function outbound<T extends Topic>(topic: T, key: string | null, value: TopicValue<T>): OutboundRecord {
  return { topic, key, value };
}

/** A rejected record goes to readings.rejected keyed by its reading id, when it has one. */
export function rejection(record: RejectedRecord): OutboundRecord {
  return outbound(topics.rejected, record.reading_id, record);
}

/**
 * Produces records from inside a handler, before it returns: acknowledged by the broker when it
 * resolves (at-least-once), or staged in the batch's transaction (transactional). For handlers whose
 * own side effects must only commit after their outputs are safe in Kafka.
 */
export type Produce = (records: readonly OutboundRecord[]) => Promise<void>;

/** A batch handler: the whole of a service's logic, free of Kafka. Returned records are produced after it. */
export type BatchHandler<V> = (records: InboundRecord<V>[], produce: Produce) => Promise<OutboundRecord[]>;
