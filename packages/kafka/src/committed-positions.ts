import { Connection, ListOffsetTimestamps, offsetFetchV8, type Consumer } from '@platformatic/kafka';
import type { KafkaSecurity } from '@thermostream/config';
import { hasKafkaError } from './context.ts';
import { securityOptions } from './security.ts';

/**
 * Each partition's committed offset, or the earliest one for a partition its group never committed.
 * Asked with require_stable, which the client's own offset fetch does not set: a transaction of the
 * previous owner that has committed its offsets but not finished yet makes the broker answer
 * UNSTABLE_OFFSET_COMMIT until it ends, instead of the older offset that would have its fetch
 * handled (and its outputs produced) a second time.
 */
export async function committedPositions(consumer: Consumer, topic: string, partitions: readonly number[], security: KafkaSecurity): Promise<Map<number, bigint>> {
  const positions = new Map<number, bigint>();
  if (partitions.length === 0) return positions;
  const committed = await stableCommittedOffsets(consumer, topic, partitions, security);
  const uncommitted = partitions.filter((partition) => (committed.get(partition) ?? -1n) < 0n);
  for (const partition of partitions) if (!uncommitted.includes(partition)) positions.set(partition, committed.get(partition)!);
  if (uncommitted.length > 0) {
    const earliest = (await consumer.listOffsets({ topics: [topic], partitions: { [topic]: uncommitted }, timestamp: ListOffsetTimestamps.EARLIEST })).get(topic) ?? [];
    for (const partition of uncommitted) positions.set(partition, earliest[partition] ?? 0n);
  }
  return positions;
}

async function stableCommittedOffsets(consumer: Consumer, topic: string, partitions: readonly number[], security: KafkaSecurity): Promise<Map<number, bigint>> {
  const coordinator = await consumer.findGroupCoordinator();
  const broker = (await consumer.metadata({ topics: [topic] })).brokers.get(coordinator);
  if (!broker) throw new Error(`the group coordinator ${coordinator} is not in the cluster metadata`);
  // A connection of its own, outside the client's pool: it needs the context's SASL and TLS too.
  const connection = new Connection(`${consumer.clientId}-offsets`, securityOptions(security));
  try {
    await connection.connect(broker.host, broker.port);
    // Bounded by the longest a transaction can stay open: the producers' transaction timeout.
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const response = await offsetFetchV8.api.async(connection, [{ groupId: consumer.groupId, memberEpoch: -1, topics: [{ name: topic, partitionIndexes: [...partitions] }] }], true);
        const found = response.groups[0]?.topics.find((candidate) => candidate.name === topic)?.partitions ?? [];
        return new Map(found.map((partition) => [partition.partitionIndex, partition.committedOffset]));
      } catch (error) {
        if (!hasKafkaError(error, 'UNSTABLE_OFFSET_COMMIT') || Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    await connection.close().catch(() => undefined);
  }
}
