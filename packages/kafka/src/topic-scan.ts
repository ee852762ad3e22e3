import { Consumer, FetchIsolationLevels, ListOffsetTimestamps } from '@platformatic/kafka';
import { UndecodableRecordError } from '@thermostream/avro';
import { withAdmin } from './admin.ts';
import { clientOptions, type KafkaContext } from './context.ts';
import { committedRecords } from './fetched-records.ts';
import type { InboundRecord } from './records.ts';
import { topicName, type Topic, type TopicValue } from './topics.ts';

/** A record of the topic that could not be decoded: where it is and why. */
export interface UndecodableRecord {
  partition: number;
  offset: number;
  reason: string;
}

export interface TopicScan<V> {
  records: InboundRecord<V>[];
  undecodable: UndecodableRecord[];
}

/** Bytes asked of a partition by each fetch: records of readings.rejected are a few hundred bytes each. */
const partitionMaxBytes = 1024 * 1024;

/**
 * Reads a topic's committed records (read_committed) from the beginning, or from the first record
 * written at or after `since` (epoch milliseconds), up to the end each partition had when the scan
 * began, without joining a consumer group: a look at the topic that moves no group's offsets. A topic
 * not created yet (nothing ever written to it) holds no record.
 */
export async function scanTopic<T extends Topic>(context: KafkaContext, topic: T, options: { since?: number } = {}): Promise<TopicScan<TopicValue<T>>> {
  const name = topicName(topic, context.namespace);
  const scan: TopicScan<TopicValue<T>> = { records: [], undecodable: [] };
  if (!(await withAdmin(context, (admin) => admin.listTopics())).includes(name)) return scan;
  const consumer = new Consumer({ ...clientOptions(context, 'scan'), groupId: `${context.clientId}-scan` });
  try {
    const listed = async (timestamp: bigint) =>
      (await consumer.listOffsets({ topics: [name], timestamp, isolationLevel: FetchIsolationLevels.READ_COMMITTED })).get(name) ?? [];
    const [ends, starts] = await Promise.all([
      listed(ListOffsetTimestamps.LATEST),
      listed(options.since === undefined ? ListOffsetTimestamps.EARLIEST : BigInt(options.since)),
    ]);
    const metadata = await consumer.metadata({ topics: [name] });
    const topicMetadata = metadata.topics.get(name);
    if (!topicMetadata) throw new Error(`topic ${name} is not in the cluster metadata`);
    for (let partition = 0; partition < ends.length; partition++) {
      const end = ends[partition]!;
      // A partition with no record at or after `since` answers -1: nothing to read there.
      let position = starts[partition]! < 0n ? end : starts[partition]!;
      while (position < end) {
        const response = await consumer.fetch({
          node: topicMetadata.partitions[partition]!.leader,
          isolationLevel: FetchIsolationLevels.READ_COMMITTED,
          maxWaitTime: 0,
          minBytes: 1,
          topics: [
            {
              topicId: topicMetadata.id,
              partitions: [{ partition, fetchOffset: position, partitionMaxBytes, currentLeaderEpoch: -1, lastFetchedEpoch: -1 }],
            },
          ],
        });
        const fetched = response.responses[0]?.partitions.find((entry) => entry.partitionIndex === partition);
        if (!fetched) throw new Error(`no answer for ${name} partition ${partition} at offset ${position}`);
        const { records, nextOffset } = committedRecords(fetched, position);
        // Past the records the broker counts to the end of the log, an empty answer cannot move on.
        if (nextOffset <= position) throw new Error(`${name} partition ${partition}: no records from offset ${position} although the log ends at ${end}`);
        const values = await context.serde.decodeAll(topic.valueSchema, records.map((record) => record.value));
        records.forEach((record, index) => {
          if (record.offset >= end) return;
          const value = values[index]!;
          if (value instanceof UndecodableRecordError) scan.undecodable.push({ partition, offset: record.offset, reason: value.message });
          else scan.records.push({ topic: name, partition, offset: record.offset, key: record.key?.toString() ?? null, value: value as TopicValue<T>, timestamp: record.timestamp });
        });
        position = nextOffset;
      }
    }
    return scan;
  } finally {
    await consumer.close();
  }
}
