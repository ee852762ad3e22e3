import { subjectOf, type KafkaContext } from './context.ts';
import type { WireMessage } from './producer.ts';
import type { OutboundRecord } from './records.ts';
import { topicName, type Topic } from './topics.ts';

/**
 * Records for the wire in three transferable buffers, so that handing a request's records to another
 * thread moves their bytes once instead of cloning a Buffer per key and value.
 */
export interface PackedMessages {
  topics: string[];
  /** Per message: topic index, key length (-1: no key), value length, partition (-1: the key decides). */
  layout: Int32Array;
  /** Per message: the record timestamp in epoch milliseconds, NaN for the broker's clock. */
  timestamps: Float64Array;
  bytes: Uint8Array;
}

const fields = 4;
/** A request's bytes start at this many per record (a readings.raw value is about 126 bytes, its key 14) and double when short. */
const initialBytesPerRecord = 192;

/**
 * Packs records for the wire straight from what a service produces: each key written as UTF-8 and
 * each value Avro-encoded in place, in one buffer of its own (never Node's shared pool, which cannot be
 * handed to a thread).
 */
export function packRecords(context: Pick<KafkaContext, 'namespace' | 'serde'>, records: readonly OutboundRecord[]): PackedMessages {
  const topics: string[] = [];
  // Each topic's index in `topics` and its value subject, named once per request.
  const topicEntries = new Map<Topic, { index: number; subject: string }>();
  const layout = new Int32Array(records.length * fields);
  const timestamps = new Float64Array(records.length);
  let bytes = Buffer.allocUnsafeSlow(Math.max(1024, records.length * initialBytesPerRecord));
  let at = 0;
  const grow = (minimumLength: number) => {
    const larger = Buffer.allocUnsafeSlow(Math.max(2 * bytes.length, minimumLength));
    bytes.copy(larger, 0, 0, at);
    bytes = larger;
  };
  records.forEach((record, index) => {
    let topic = topicEntries.get(record.topic);
    if (topic === undefined) {
      topic = { index: topics.push(topicName(record.topic, context.namespace)) - 1, subject: subjectOf(record.topic, context.namespace) };
      topicEntries.set(record.topic, topic);
    }
    const base = index * fields;
    layout[base] = topic.index;
    layout[base + 1] = -1;
    if (record.key !== null) {
      // A UTF-8 character takes at most three bytes per UTF-16 unit.
      if (bytes.length - at < 3 * record.key.length) grow(at + 3 * record.key.length);
      const written = bytes.write(record.key, at, 'utf8');
      layout[base + 1] = written;
      at += written;
    }
    let end = context.serde.encodeInto(topic.subject, record.topic.valueSchema, record.value as never, bytes, at);
    while (end < 0) {
      // encodeInto says how many bytes the buffer lacks.
      grow(bytes.length - end);
      end = context.serde.encodeInto(topic.subject, record.topic.valueSchema, record.value as never, bytes, at);
    }
    layout[base + 2] = end - at;
    at = end;
    layout[base + 3] = record.partition ?? -1;
    timestamps[index] = record.timestamp ?? Number.NaN;
  });
  return { topics, layout, timestamps, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, at) };
}

/** The messages again, their keys and values views of the packed bytes. */
export function unpackMessages(packed: PackedMessages): WireMessage[] {
  const { topics, layout, timestamps, bytes } = packed;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const messages: WireMessage[] = new Array(timestamps.length);
  let at = 0;
  for (let index = 0; index < timestamps.length; index++) {
    const base = index * fields;
    const keyLength = layout[base + 1]!;
    const valueLength = layout[base + 2]!;
    const partition = layout[base + 3]!;
    const timestamp = timestamps[index]!;
    const message: WireMessage = { topic: topics[layout[base]!]! };
    if (keyLength >= 0) {
      message.key = buffer.subarray(at, at + keyLength);
      at += keyLength;
    }
    message.value = buffer.subarray(at, at + valueLength);
    at += valueLength;
    if (partition >= 0) message.partition = partition;
    if (!Number.isNaN(timestamp)) message.timestamp = BigInt(timestamp);
    messages[index] = message;
  }
  return messages;
}
