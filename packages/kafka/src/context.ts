import type { AvroSerde } from '@thermostream/avro';
import type { Logger } from '@thermostream/observability';
import { topicName, type Topic } from './topics.ts';

/** Everything a process needs to talk to the pipeline's topics; built once by main.ts. */
export interface KafkaContext {
  readonly brokers: readonly string[];
  readonly namespace: string;
  readonly clientId: string;
  readonly serde: AvroSerde;
  readonly logger: Logger;
}

export interface KafkaContextOptions {
  brokers: string[];
  clientId: string;
  namespace: string;
  serde: AvroSerde;
  logger: Logger;
}

export function createKafkaContext(options: KafkaContextOptions): KafkaContext {
  return { brokers: [...options.brokers], namespace: options.namespace, clientId: options.clientId, serde: options.serde, logger: options.logger };
}

/**
 * What every client of the context shares. Requests time out after 30 s, and a producer's
 * transaction timeout is that same value: a transaction left open by a killed process is
 * aborted by the broker after it, so read_committed readers downstream wait at most that long.
 */
export function clientOptions(context: KafkaContext, role: string) {
  return {
    clientId: `${context.clientId}-${role}`,
    bootstrapBrokers: [...context.brokers],
    connectTimeout: 5_000,
    timeout: 30_000,
    retries: 10,
    retryDelay: 500,
  };
}

/** TopicNameStrategy: the value subject of a topic in a namespace. */
export const subjectOf = (topic: Topic, namespace: string) => `${topicName(topic, namespace)}-value`;

/** Consumer group ids are namespaced like topics, so a second pipeline never steals the first one's partitions. */
export function groupName(groupId: string, namespace: string): string {
  return namespace === '' ? `thermostream.${groupId}` : `${namespace}.thermostream.${groupId}`;
}

/** Whether a client error (possibly an aggregate of several) carries the given Kafka error code name. */
export function hasKafkaError(error: unknown, apiId: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { apiId?: string; errors?: unknown[]; cause?: unknown };
  if (candidate.apiId === apiId) return true;
  return (candidate.errors ?? []).some((inner) => hasKafkaError(inner, apiId)) || hasKafkaError(candidate.cause, apiId);
}
