import type { WireMessage } from './producer.ts';

/**
 * Wire messages packed into two transferable buffers, so that handing a request's records to another
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

export function packMessages(messages: readonly WireMessage[]): PackedMessages {
  const topics: string[] = [];
  const topicIndex = new Map<string, number>();
  const layout = new Int32Array(messages.length * fields);
  const timestamps = new Float64Array(messages.length);
  let size = 0;
  for (const message of messages) size += (message.key?.length ?? 0) + (message.value?.length ?? 0);
  const bytes = new Uint8Array(size);
  let at = 0;
  messages.forEach((message, index) => {
    let topic = topicIndex.get(message.topic);
    if (topic === undefined) {
      topic = topics.push(message.topic) - 1;
      topicIndex.set(message.topic, topic);
    }
    const base = index * fields;
    layout[base] = topic;
    layout[base + 1] = message.key === undefined ? -1 : message.key.length;
    layout[base + 2] = message.value?.length ?? 0;
    layout[base + 3] = message.partition ?? -1;
    timestamps[index] = message.timestamp === undefined ? Number.NaN : Number(message.timestamp);
    if (message.key !== undefined) {
      bytes.set(message.key, at);
      at += message.key.length;
    }
    if (message.value !== undefined) {
      bytes.set(message.value, at);
      at += message.value.length;
    }
  });
  return { topics, layout, timestamps, bytes };
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
