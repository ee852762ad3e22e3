import { UndecodableRecordError, type AvroSerde } from '@thermostream/avro';
import { rejectedRecord } from '@thermostream/readings';
import type { CommittedRecord } from './fetched-records.ts';
import { rejection, type BatchHandler, type InboundRecord, type OutboundRecord, type Produce } from './records.ts';
import type { Topic, TopicValue } from './topics.ts';

/** Records as fetched from one partition, before decoding. */
export interface FetchedRecords {
  topic: string;
  partition: number;
  records: readonly CommittedRecord[];
}

export interface HandledBatch {
  outputs: OutboundRecord[];
  handled: number;
  undecodable: number;
}

/**
 * Decodes a fetched batch and runs the handler over what decoded; bytes that can never decode become
 * rejected records instead of stopping the partition. A registry outage is not a bad record: it throws,
 * and the batch is delivered again.
 */
export async function handleFetchedBatch<T extends Topic>(
  fetched: FetchedRecords,
  topic: T,
  serde: AvroSerde,
  handle: BatchHandler<TopicValue<T>>,
  serviceName: string,
  produce: Produce,
): Promise<HandledBatch> {
  const decoded: InboundRecord<TopicValue<T>>[] = [];
  const rejects: OutboundRecord[] = [];
  const values = await serde.decodeAll(topic.valueSchema, fetched.records.map((record) => record.value));
  fetched.records.forEach((record, index) => {
    const value = values[index]!;
    if (!(value instanceof UndecodableRecordError)) {
      decoded.push({
        topic: fetched.topic,
        partition: fetched.partition,
        offset: record.offset,
        key: record.key?.toString('utf8') ?? null,
        value: value as TopicValue<T>,
        timestamp: record.timestamp,
        valueBytes: record.value!,
      });
      return;
    }
    rejects.push(
      rejection(
        rejectedRecord(
          {
            service: serviceName,
            readingId: record.key?.toString('utf8') ?? null,
            payload: (record.value ?? Buffer.alloc(0)).toString('base64'),
            source: { topic: fetched.topic, partition: fetched.partition, offset: record.offset },
            rejectedAt: Date.now(),
          },
          [{ code: value.code, field: null, message: value.message }],
        ),
      ),
    );
  });
  const outputs = decoded.length > 0 ? await handle(decoded, produce) : [];
  return { outputs: [...outputs, ...rejects], handled: decoded.length, undecodable: rejects.length };
}
