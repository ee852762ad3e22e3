import type { AvroSerde } from '@thermostream/avro';
import type { KafkaSecurity } from '@thermostream/config';
import type { Logger } from '@thermostream/observability';
import { securityOptions } from './security.ts';
import { topicName, type Topic } from './topics.ts';

/** Everything a process needs to talk to the pipeline's topics; built once by main.ts. */
export interface KafkaContext {
  readonly brokers: readonly string[];
  readonly namespace: string;
  readonly clientId: string;
  /** SASL and TLS of every client of the context; none on a plaintext cluster. */
  readonly security: KafkaSecurity;
  readonly serde: AvroSerde;
  readonly logger: Logger;
  /** Told by the clients of the context whether the brokers answered (a send acknowledged, a group joined) or could not be reached. */
  readonly onReachability?: (reachable: boolean) => void;
}

/** What a client's options are made of: a producer thread has only this of its process's context. */
export type ClientIdentity = Pick<KafkaContext, 'brokers' | 'clientId' | 'security'>;

export interface KafkaContextOptions {
  brokers: string[];
  clientId: string;
  namespace: string;
  security?: KafkaSecurity;
  serde: AvroSerde;
  logger: Logger;
  onReachability?: (reachable: boolean) => void;
}

export function createKafkaContext(options: KafkaContextOptions): KafkaContext {
  return {
    brokers: [...options.brokers],
    namespace: options.namespace,
    clientId: options.clientId,
    security: options.security ?? {},
    serde: options.serde,
    logger: options.logger,
    ...(options.onReachability ? { onReachability: options.onReachability } : {}),
  };
}

/**
 * What every client of the context shares. Requests time out after 30 s, and a producer's
 * transaction timeout is that same value: a transaction left open by a killed process is
 * aborted by the broker after it, so read_committed readers downstream wait at most that long.
 */
export function clientOptions(context: ClientIdentity, role: string) {
  return {
    clientId: `${context.clientId}-${role}`,
    bootstrapBrokers: [...context.brokers],
    connectTimeout: 5_000,
    timeout: 30_000,
    retries: 10,
    retryDelay: 500,
    ...securityOptions(context.security),
  };
}

/** TopicNameStrategy: the value subject of a topic in a namespace. */
export const subjectOf = (topic: Topic, namespace: string) => `${topicName(topic, namespace)}-value`;

/** Consumer group ids are namespaced like topics, so a second pipeline never steals the first one's partitions. */
export function groupName(groupId: string, namespace: string): string {
  return namespace === '' ? `thermostream.${groupId}` : `${namespace}.thermostream.${groupId}`;
}

interface ClientError {
  apiId?: string;
  code?: string;
  closed?: boolean;
  errors?: unknown[];
  cause?: unknown;
}

/** Whether a client error, or any error it aggregates or was caused by, matches. */
function anyCause(error: unknown, matches: (candidate: ClientError) => boolean): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as ClientError;
  if (matches(candidate)) return true;
  return (candidate.errors ?? []).some((inner) => anyCause(inner, matches)) || anyCause(candidate.cause, matches);
}

/** Whether a client error (possibly an aggregate of several) carries the given Kafka error code name. */
export function hasKafkaError(error: unknown, apiId: string): boolean {
  return anyCause(error, (candidate) => candidate.apiId === apiId);
}

/**
 * Whether a client error means the brokers could not be reached (a connection refused or lost, a
 * request timed out), as opposed to a broker that answered with an error of its own.
 */
export function brokersUnreachable(error: unknown): boolean {
  // A client closed by its own process (a drain) fails its calls with a network error too.
  return anyCause(error, (candidate) => (candidate.code === 'PLT_KFK_NETWORK' && candidate.closed !== true) || candidate.code === 'PLT_KFK_TIMEOUT');
}

/** Whether an error, or any error it aggregates or was caused by, came from the Kafka client. */
export function isKafkaClientError(error: unknown): boolean {
  return anyCause(error, (candidate) => candidate.code?.startsWith('PLT_KFK_') === true);
}
