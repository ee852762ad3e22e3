import { FetchIsolationLevels, ListOffsetTimestamps, type Admin } from '@platformatic/kafka';
import { groupName, type KafkaContext } from './context.ts';
import { withAdmin } from './admin.ts';

/** One partition a consumer group reads: where it stands against the end of the log. */
export interface PartitionLag {
  topic: string;
  partition: number;
  /** The group's committed offset (the next record to read); null when the group has committed nothing there. */
  committedOffset: number | null;
  /** The high watermark: the offset the next record written will get. */
  logEndOffset: number;
  /** Records between the committed offset and the log end; null without a committed offset. */
  lag: number | null;
  /** The client id of the member the partition is assigned to now; null when unassigned. */
  member: string | null;
}

export interface ConsumerGroupLag {
  /** The group's id on the broker, namespaced (`<ns>.thermostream.<service>`). */
  group: string;
  /** As the broker reports it: Stable, Empty, PreparingRebalance, CompletingRebalance, Dead… */
  state: string;
  members: number;
  /** Records behind, summed over the partitions with a committed offset. */
  totalLag: number;
  partitions: PartitionLag[];
}

/**
 * Each group's committed offsets against the log end of every partition it has committed on or is
 * assigned, as the broker sees it: the whole group, whatever the number of its members. The same
 * partitions and figures as Kafka's `kafka-consumer-groups --describe`.
 */
export async function consumerGroupLag(context: KafkaContext, groupIds: readonly string[]): Promise<ConsumerGroupLag[]> {
  const groups = groupIds.map((groupId) => groupName(groupId, context.namespace));
  return withAdmin(context, async (admin) => {
    const [described, committed] = await Promise.all([admin.describeGroups({ groups }), admin.listConsumerGroupOffsets({ groups })]);
    const rows = groups.map((group) => {
      const description = described.get(group);
      const assigned = new Map<string, string>();
      for (const member of description?.members.values() ?? []) {
        for (const assignment of member.assignments?.values() ?? []) {
          for (const partition of assignment.partitions) assigned.set(partitionKey(assignment.topic, partition), member.clientId);
        }
      }
      const offsets = new Map<string, number>();
      for (const topic of committed.find((entry) => entry.groupId === group)?.topics ?? []) {
        for (const partition of topic.partitions) {
          if (partition.committedOffset >= 0n) offsets.set(partitionKey(topic.name, partition.partitionIndex), Number(partition.committedOffset));
        }
      }
      return { group, state: description?.state ?? 'Dead', members: description?.members.size ?? 0, assigned, offsets };
    });
    const keys = [...new Set(rows.flatMap((row) => [...row.assigned.keys(), ...row.offsets.keys()]))];
    const logEnds = await logEndOffsets(admin, keys.map(parsePartitionKey));
    return rows.map(({ group, state, members, assigned, offsets }) => {
      const partitions = [...new Set([...assigned.keys(), ...offsets.keys()])]
        .map(parsePartitionKey)
        .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition)
        .map(({ topic, partition }): PartitionLag => {
          const key = partitionKey(topic, partition);
          const committedOffset = offsets.get(key) ?? null;
          const logEndOffset = logEnds.get(key) ?? 0;
          return {
            topic,
            partition,
            committedOffset,
            logEndOffset,
            lag: committedOffset === null ? null : logEndOffset - committedOffset,
            member: assigned.get(key) ?? null,
          };
        });
      return { group, state, members, totalLag: partitions.reduce((sum, partition) => sum + (partition.lag ?? 0), 0), partitions };
    });
  });
}

const partitionKey = (topic: string, partition: number) => `${partition}:${topic}`;

function parsePartitionKey(key: string): { topic: string; partition: number } {
  const separator = key.indexOf(':');
  return { topic: key.slice(separator + 1), partition: Number(key.slice(0, separator)) };
}

/** High watermarks (read_uncommitted, as Kafka's tool reads them), by partition key. */
async function logEndOffsets(admin: Admin, partitions: readonly { topic: string; partition: number }[]): Promise<Map<string, number>> {
  if (partitions.length === 0) return new Map();
  const byTopic = new Map<string, number[]>();
  for (const { topic, partition } of partitions) byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
  const listed = await admin.listOffsets({
    isolationLevel: FetchIsolationLevels.READ_UNCOMMITTED,
    topics: [...byTopic].map(([name, indexes]) => ({ name, partitions: indexes.map((partitionIndex) => ({ partitionIndex, timestamp: ListOffsetTimestamps.LATEST })) })),
  });
  return new Map(listed.flatMap((topic) => topic.partitions.map((partition) => [partitionKey(topic.name, partition.partitionIndex), Number(partition.offset)])));
}
