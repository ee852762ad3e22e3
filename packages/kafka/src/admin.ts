import { Admin, Consumer, ListOffsetTimestamps } from '@platformatic/kafka';
import { topics, topicName, type Topic } from './topics.ts';
import { clientOptions, groupName, hasKafkaError, subjectOf, type KafkaContext } from './context.ts';

export interface TopicOptions {
  replicationFactor?: number;
  /** Applied as the topic config min.insync.replicas of topics created here; the broker's default otherwise. */
  minInsyncReplicas?: number;
}

/**
 * Creates the pipeline's topics that do not exist yet and registers every value schema under its
 * subject. Every service calls it at start: it is idempotent, and the first to run does the work.
 */
export async function prepareTopics(context: KafkaContext, options: TopicOptions = {}): Promise<void> {
  const wanted = Object.values(topics);
  // The broker and the registry know nothing of each other: neither waits for the other.
  await Promise.all([withAdmin(context, (admin) => createMissing(context, admin, wanted, options)), registerSchemas(context, wanted)]);
}

/**
 * Creates the given topics where missing, registers their value schemas, and returns each one's
 * partition count by name, waiting for topics that were just created to have their metadata.
 */
export async function ensureTopics(
  context: KafkaContext,
  wanted: readonly Topic[],
  options: TopicOptions & { metadataTimeoutMs?: number } = {},
): Promise<Map<string, number>> {
  const names = wanted.map((topic) => topicName(topic, context.namespace));
  const partitionCounts = withAdmin(context, async (admin) => {
    await createMissing(context, admin, wanted, options);
    const deadline = Date.now() + (options.metadataTimeoutMs ?? 10_000);
    for (;;) {
      try {
        const metadata = await admin.metadata({ topics: names, forceUpdate: true });
        return new Map(names.map((name) => [name, metadata.topics.get(name)!.partitionsCount]));
      } catch (error) {
        // A topic created a moment ago (here or by another process) is not in every broker's metadata yet.
        if (!hasKafkaError(error, 'UNKNOWN_TOPIC_OR_PARTITION') || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  });
  const [partitions] = await Promise.all([partitionCounts, registerSchemas(context, wanted)]);
  return partitions;
}

/** Records written to each partition of a topic so far (its high watermarks), in partition order. */
export async function highWatermarks(context: KafkaContext, topic: Topic): Promise<number[]> {
  const consumer = new Consumer({ ...clientOptions(context, 'offsets'), groupId: `${context.clientId}-offsets` });
  try {
    const name = topicName(topic, context.namespace);
    const offsets = await consumer.listOffsets({ topics: [name], timestamp: ListOffsetTimestamps.LATEST });
    return (offsets.get(name) ?? []).map(Number);
  } finally {
    await consumer.close();
  }
}

/** A group's committed offsets of a topic, by partition; a partition it has committed nothing on is absent. */
export async function committedOffsets(context: KafkaContext, groupId: string, topic: Topic): Promise<Map<number, number>> {
  const name = topicName(topic, context.namespace);
  const group = groupName(groupId, context.namespace);
  return withAdmin(context, async (admin) => {
    const [offsets] = await admin.listConsumerGroupOffsets({ groups: [group] });
    const partitions = offsets?.topics.find((entry) => entry.name === name)?.partitions ?? [];
    return new Map(partitions.filter((partition) => partition.committedOffset >= 0n).map((partition) => [partition.partitionIndex, Number(partition.committedOffset)]));
  });
}

/**
 * Forgets a consumer group and its committed offsets (it must have no live member): its next member
 * reads its topics again from the start, as a replay of the same offsets.
 */
export async function deleteConsumerGroup(context: KafkaContext, groupId: string): Promise<void> {
  await withAdmin(context, (admin) => admin.deleteGroups({ groups: [groupName(groupId, context.namespace)] }));
}

export async function withAdmin<T>(context: KafkaContext, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = new Admin(clientOptions(context, 'admin'));
  try {
    return await work(admin);
  } finally {
    await admin.close();
  }
}

/** Every subject at once: each registration is a few round trips to the registry that depend on no other. */
async function registerSchemas(context: KafkaContext, wanted: readonly Topic[]): Promise<void> {
  await Promise.all(wanted.map((topic) => context.serde.register(subjectOf(topic, context.namespace), topic.valueSchema)));
}

async function createMissing(context: KafkaContext, admin: Admin, wanted: readonly Topic[], options: TopicOptions): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = wanted.filter((topic) => !existing.has(topicName(topic, context.namespace)));
  const replication = options.minInsyncReplicas === undefined ? [] : [{ name: 'min.insync.replicas', value: String(options.minInsyncReplicas) }];
  // One request per topic, all at once: each topic's TOPIC_ALREADY_EXISTS stays its own answer.
  await Promise.all(
    missing.map(async (topic) => {
      const name = topicName(topic, context.namespace);
      try {
        const configs = topic.compacted ? [...replication, { name: 'cleanup.policy', value: 'compact' }] : replication;
        await admin.createTopics({ topics: [name], partitions: topic.partitions, replicas: options.replicationFactor ?? 1, configs });
        context.logger.info({ topic: name }, 'topic created');
      } catch (error) {
        // Two services creating the same topic at once: the loser sees TOPIC_ALREADY_EXISTS, which is fine.
        if (!hasKafkaError(error, 'TOPIC_ALREADY_EXISTS')) throw error;
      }
    }),
  );
}
