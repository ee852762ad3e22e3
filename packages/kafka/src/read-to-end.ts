import { Consumer, FetchIsolationLevels, ListOffsetTimestamps } from '@platformatic/kafka';
import { UndecodableRecordError } from '@thermostream/avro';
import { clientOptions, type KafkaContext } from './context.ts';
import { fetchOwned } from './fetch-owned.ts';
import { topicName, type Topic, type TopicValue } from './topics.ts';

/** A changelog record: the key it compacts on, and its value (null for a deletion marker). */
export interface ChangelogRecord<V> {
  key: string;
  value: V | null;
  offset: number;
}

/**
 * The position asked is past the partition's end: the topic was deleted and created again, or its data
 * lost. A store built from the old one must be rebuilt from the beginning.
 */
export class ChangelogGoneError extends Error {}

/** Bytes fetched per request while catching up: larger than a pipeline fetch, since nothing waits behind it. */
const catchUpBytesPerFetch = 4 * 1024 * 1024;

/** Reads a topic's partitions to their end, one after the other, over one client. */
export interface CommittedReader<V> {
  /**
   * Reads one partition's committed records from `from` (its earliest offset when undefined, or when
   * compaction removed what came before) to its end as of the call, handing them to `apply` a fetch at
   * a time with the position after them; a transaction still open below that end is waited for.
   * Returns the position after the last.
   */
  readToEnd(partition: number, from: number | undefined, apply: (records: ChangelogRecord<V>[], nextPosition: number) => Promise<void>): Promise<number>;
  close(): Promise<void>;
}

export function openCommittedReader<T extends Topic>(context: KafkaContext, topic: T): CommittedReader<TopicValue<T>> {
  const name = topicName(topic, context.namespace);
  const consumer = new Consumer({ ...clientOptions(context, 'changelog'), groupId: `${context.clientId}-changelog` });
  return {
    readToEnd: (partition, from, apply) => readToEnd(context, consumer, topic, name, partition, from, apply),
    close: () => consumer.close().catch(() => undefined),
  };
}

async function readToEnd<T extends Topic>(
  context: KafkaContext,
  consumer: Consumer,
  topic: T,
  name: string,
  partition: number,
  from: number | undefined,
  apply: (records: ChangelogRecord<TopicValue<T>>[], nextPosition: number) => Promise<void>,
): Promise<number> {
  const offsetsAt = async (timestamp: bigint, isolationLevel: number) =>
    Number((await consumer.listOffsets({ topics: [name], partitions: { [name]: [partition] }, timestamp, isolationLevel })).get(name)?.[partition] ?? 0n);
  const earliest = await offsetsAt(ListOffsetTimestamps.EARLIEST, FetchIsolationLevels.READ_UNCOMMITTED);
  // The end is the high watermark, not the last stable offset: a transaction left open (a killed
  // producer's, aborted by the broker only after its timeout) holds the stable offset back, and the
  // transactions committed after it, a later owner's, would go unread.
  const end = await offsetsAt(ListOffsetTimestamps.LATEST, FetchIsolationLevels.READ_UNCOMMITTED);
  if (from !== undefined && from > end) throw new ChangelogGoneError(`${name} partition ${partition} ends at ${end}, before the stored position ${from}`);
  let position = from === undefined || from < earliest ? earliest : from;
  let toldWaiting = false;
  while (position < end) {
    const metadata = await consumer.metadata({ topics: [name] });
    const [fetched] = await fetchOwned(consumer, metadata, name, [partition], new Map([[partition, BigInt(position)]]), catchUpBytesPerFetch, {
      minBytes: 1,
      maxWaitMs: 500,
    });
    if (!fetched) continue;
    if (!toldWaiting && fetched.records.length === 0 && Number(fetched.lastStableOffset) <= position) {
      toldWaiting = true;
      context.logger.info(
        { topic: name, partition, position, end, lastStableOffset: Number(fetched.lastStableOffset) },
        'reading to the end waits for a transaction left open: a stopped producer\'s is aborted by the broker after its transaction timeout',
      );
    }
    const values = await context.serde.decodeAll(topic.valueSchema, fetched.records.map((record) => record.value));
    const records: ChangelogRecord<TopicValue<T>>[] = [];
    fetched.records.forEach((record, index) => {
      if (record.key === null) return;
      const value = record.value === null ? null : values[index];
      if (value instanceof UndecodableRecordError) throw new Error(`${name} partition ${partition} offset ${record.offset} cannot be decoded: ${value.message}`);
      records.push({ key: record.key.toString('utf8'), value: value as TopicValue<T> | null, offset: record.offset });
    });
    position = Number(fetched.nextOffset);
    await apply(records, position);
  }
  return position;
}
