import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadCliConfig } from '@thermostream/cli';
import { createAvroSerde, createSchemaRegistry } from '@thermostream/avro';
import { createKafkaContext, highWatermarks, prepareTopics, runConsumer, type InboundRecord, type KafkaContext, type Topic, type TopicValue } from '@thermostream/kafka';
import { createLogger, createMetrics } from '@thermostream/observability';
import { createdNamespacesFile, testStackEndpoints } from './stack.ts';

/** A name no other test uses: topics, groups and the PostgreSQL schema of one test's pipeline. */
export function uniqueNamespace(prefix: string): string {
  const namespace = `${prefix}_${randomBytes(4).toString('hex')}`;
  // Listed for the global teardown, which drops them: a developer's stack must not gather thousands of partitions.
  const list = createdNamespacesFile(loadCliConfig().dataDir);
  mkdirSync(path.dirname(list), { recursive: true });
  appendFileSync(list, `${namespace}\n`);
  return namespace;
}

/** A Kafka context on the test stack, its topics created and schemas registered. */
export async function testKafkaContext(namespace: string): Promise<KafkaContext> {
  const endpoints = await testStackEndpoints();
  const context = createKafkaContext({
    brokers: endpoints.kafkaBrokers,
    clientId: `test-${namespace}`,
    namespace,
    serde: createAvroSerde(createSchemaRegistry(endpoints.schemaRegistryUrl)),
    logger: createLogger({ service: 'test', level: 'fatal' }),
  });
  await prepareTopics(context);
  return context;
}

/** Reads a topic (read_committed) until `count` records arrived or the time is up, then returns them. */
export async function readTopic<T extends Topic>(
  context: KafkaContext,
  topic: T,
  options: { count: number; timeoutMs?: number; settleMs?: number },
): Promise<InboundRecord<TopicValue<T>>[]> {
  const received: InboundRecord<TopicValue<T>>[] = [];
  const consumer = await runConsumer(context, {
    groupId: `reader-${randomBytes(4).toString('hex')}`,
    topic,
    mode: 'at-least-once',
    serviceName: 'test-reader',
    metrics: createMetrics({ service: 'test-reader', collectDefaults: false }),
    handle: async (records) => {
      received.push(...records);
      return [];
    },
  });
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (received.length < options.count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  // Give records beyond the expected count (duplicates) a moment to show up.
  await new Promise((resolve) => setTimeout(resolve, options.settleMs ?? 500));
  await consumer.stop();
  return received;
}

/** Records written to a topic so far: the sum of its partitions' high watermarks (for topics no transaction writes). */
export async function topicRecordCount(context: KafkaContext, topic: Topic): Promise<number> {
  return (await highWatermarks(context, topic)).reduce((sum, high) => sum + high, 0);
}
