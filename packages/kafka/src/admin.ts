import type { Admin } from 'kafkajs';
import { topics, topicName, type Topic } from './topics.ts';
import { subjectOf, type KafkaContext } from './context.ts';

/**
 * Creates the pipeline's topics that do not exist yet and registers every value schema under its
 * subject. Every service calls it at start: it is idempotent, and the first to run does the work.
 */
export async function prepareTopics(context: KafkaContext, options: { replicationFactor?: number } = {}): Promise<void> {
  const wanted = Object.values(topics);
  await withAdmin(context, (admin) => createMissing(context, admin, wanted, options.replicationFactor ?? 1));
  await registerSchemas(context, wanted);
}

/**
 * Creates the given topics where missing, registers their value schemas, and returns each one's
 * partition count by name, waiting for topics that were just created to have their metadata.
 */
export async function ensureTopics(
  context: KafkaContext,
  wanted: readonly Topic[],
  options: { replicationFactor?: number; metadataTimeoutMs?: number } = {},
): Promise<Map<string, number>> {
  const names = wanted.map((topic) => topicName(topic, context.namespace));
  const partitions = await withAdmin(context, async (admin) => {
    await createMissing(context, admin, wanted, options.replicationFactor ?? 1);
    const deadline = Date.now() + (options.metadataTimeoutMs ?? 10_000);
    for (;;) {
      try {
        const metadata = await admin.fetchTopicMetadata({ topics: names });
        return new Map(metadata.topics.map((topic) => [topic.name, topic.partitions.length]));
      } catch (error) {
        // A topic created a moment ago (here or by another process) is not in every broker's metadata yet.
        if ((error as { type?: string }).type !== 'UNKNOWN_TOPIC_OR_PARTITION' || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  });
  await registerSchemas(context, wanted);
  return partitions;
}

async function withAdmin<T>(context: KafkaContext, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = context.kafka.admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

async function registerSchemas(context: KafkaContext, wanted: readonly Topic[]): Promise<void> {
  for (const topic of wanted) await context.serde.register(subjectOf(topic, context.namespace), topic.valueSchema);
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
