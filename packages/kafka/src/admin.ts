import { topics, topicName } from './topics.js';
import { subjectOf, type KafkaContext } from './context.js';

/**
 * Creates the pipeline's topics that do not exist yet and registers every value schema under its
 * subject. Every service calls it at start: it is idempotent, and the first to run does the work.
 */
export async function prepareTopics(context: KafkaContext, options: { replicationFactor?: number } = {}): Promise<void> {
  const admin = context.kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = Object.values(topics).filter((topic) => !existing.has(topicName(topic, context.namespace)));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic: topicName(topic, context.namespace),
          numPartitions: topic.partitions,
          replicationFactor: options.replicationFactor ?? 1,
        })),
      });
      context.logger.info({ topics: missing.map((topic) => topicName(topic, context.namespace)) }, 'topics created');
    }
  } catch (error) {
    // Two services creating the same topic at once: the loser sees TOPIC_ALREADY_EXISTS, which is fine.
    if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
  } finally {
    await admin.disconnect();
  }
  for (const topic of Object.values(topics)) {
    await context.serde.register(subjectOf(topic, context.namespace), topic.valueSchema);
  }
}
