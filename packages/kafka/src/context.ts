import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { AvroSerde } from '@thermostream/avro';
import type { Logger } from '@thermostream/observability';
import { topicName, type Topic } from './topics.ts';

/** Everything a process needs to talk to the pipeline's topics; built once by main.ts. */
export interface KafkaContext {
  readonly kafka: Kafka;
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

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

export function createKafkaContext(options: KafkaContextOptions): KafkaContext {
  const kafkaLogger = options.logger.child({ component: 'kafka' });
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    // Broker and connection failures are retried with exponential backoff before an error surfaces.
    retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: 10 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...details } = log;
        kafkaLogger[levels[level] ?? 'info'](details, message);
      },
  });
  return { kafka, namespace: options.namespace, clientId: options.clientId, serde: options.serde, logger: options.logger };
}

/** TopicNameStrategy: the value subject of a topic in a namespace. */
export const subjectOf = (topic: Topic, namespace: string) => `${topicName(topic, namespace)}-value`;

/** Consumer group ids are namespaced like topics, so a second pipeline never steals the first one's partitions. */
export function groupName(groupId: string, namespace: string): string {
  return namespace === '' ? `thermostream.${groupId}` : `${namespace}.thermostream.${groupId}`;
}
