import type { Admin } from 'kafkajs';
import { topics, topicName, type Topic } from './topics.js';
import { subjectOf, type KafkaContext } from './context.js';

/**
 * Creates the pipeline's topics that do not exist yet and registers every value schema under its
 * subject. Every service calls it at start: it is idempotent, and the first to run does the work.
 */
export async function prepareTopics(context: KafkaContext, options: { replicationFactor?: number } = {}): Promise<void> {
  await ensureTopics(context, Object.values(topics), options);
}

/** Creates the given topics where missing and registers their value schemas; returns each one's partition count by name. */
export async function ensureTopics(
  context: KafkaContext,
  wanted: readonly Topic[],
  options: { replicationFactor?: number } = {},
): Promise<Map<string, number>> {
  const names = wanted.map((topic) => topicName(topic, context.namespace));
  const admin = context.kafka.admin();
  await admin.connect();
  let partitions: Map<string, number>;
  try {
    await createMissing(context, admin, wanted, options.replicationFactor ?? 1);
    const metadata = await admin.fetchTopicMetadata({ topics: names });
    partitions = new Map(metadata.topics.map((topic) => [topic.name, topic.partitions.length]));
  } finally {
    await admin.disconnect();
  }
  for (const topic of wanted) {
    await context.serde.register(subjectOf(topic, context.namespace), topic.valueSchema);
  }
  return partitions;
}

async function createMissing(context: KafkaContext, admin: Admin, wanted: readonly Topic[], replicationFactor: number): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = wanted.filter((topic) => !existing.has(topicName(topic, context.namespace)));
  if (missing.length === 0) return;
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic: topicName(topic, context.namespace), numPartitions: topic.partitions, replicationFactor })),
    });
    context.logger.info({ topics: missing.map((topic) => topicName(topic, context.namespace)) }, 'topics created');
  } catch (error) {
    // Two services creating the same topic at once: the loser sees TOPIC_ALREADY_EXISTS, which is fine.
    if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
  }
}
