import type { OutboundRecord } from './records.ts';
import type { Topic, TopicValue } from './topics.ts';

/**
 * How the inner topics group readings into Kafka records, kept in one place so the grouping can change
 * without touching a service. An item goes to the partition Kafka's default partitioner would give its
 * own key, so every item of a key is on one partition, in order, exactly as if each were a record keyed
 * by it; many items share a record, which a busy hop needs (one record per reading costs the broker a
 * write per reading per topic).
 */

/** A record of items bound for one partition. */
export interface Frame<Item> {
  /** The key of the frame's first item: it hashes to `partition`, so the record lands there by its key too. */
  key: string;
  partition: number;
  items: Item[];
}

/**
 * Whether the items of one call have `distinct` keys (reading ids) or few keys `repeated` by many
 * items (a region and hour), whose partitions are then worked out once per key and call rather than
 * once per item.
 */
export type KeyVariety = 'distinct' | 'repeated';

/**
 * Items whose keys hash to the same partition of a topic with `partitions` partitions share a
 * record, up to `maxItemsPerRecord`, in their original order.
 */
export function frameByKey<Item>(
  items: readonly Item[],
  keyOf: (item: Item) => string,
  partitions: number,
  maxItemsPerRecord: number,
  keys: KeyVariety = 'distinct',
): Frame<Item>[] {
  if (!Number.isInteger(maxItemsPerRecord) || maxItemsPerRecord < 1) throw new Error('maxItemsPerRecord must be a positive integer');
  if (!Number.isInteger(partitions) || partitions < 1) throw new Error('partitions must be a positive integer');
  const open: (Frame<Item> | undefined)[] = [];
  const frames: Frame<Item>[] = [];
  const partitionsByKey = keys === 'repeated' ? new Map<string, number>() : undefined;
  for (const item of items) {
    const key = keyOf(item);
    let partition = partitionsByKey?.get(key);
    if (partition === undefined) {
      partition = partitionOfKey(key, partitions);
      partitionsByKey?.set(key, partition);
    }
    let frame = open[partition];
    if (!frame || frame.items.length >= maxItemsPerRecord) {
      frame = { key, partition, items: [] };
      open[partition] = frame;
      frames.push(frame);
    }
    frame.items.push(item);
  }
  return frames;
}

/** The partition of a key under Kafka's default partitioner: the positive murmur2 hash of its UTF-8 bytes, modulo the count. */
export function partitionOfKey(key: string, partitions: number): number {
  return (murmur2(key) & 0x7fffffff) % partitions;
}

const encoder = new TextEncoder();

/** Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2) over bytes or a string's UTF-8 bytes, as a signed 32-bit integer. */
export function murmur2(key: string | Uint8Array): number {
  if (typeof key !== 'string') return murmur2Of(key, key.length, byteOf);
  // An ASCII string's character codes are its UTF-8 bytes: hashed in place, with no copy.
  return isAscii(key) ? murmur2Of(key, key.length, charCodeOf) : murmur2Of(encoder.encode(key), Buffer.byteLength(key), byteOf);
}

// Made once rather than per call: a closure per hashed key is an allocation per reading framed.
const charCodeOf = (text: string, index: number) => text.charCodeAt(index);
const byteOf = (bytes: Uint8Array, index: number) => bytes[index]!;

function murmur2Of<Data>(data: Data, length: number, byteAt: (data: Data, index: number) => number): number {
  const m = 0x5bd1e995;
  let h = (0x9747b28c ^ length) | 0;
  const length4 = length & ~3;
  for (let index = 0; index < length4; index += 4) {
    let k = byteAt(data, index) | (byteAt(data, index + 1) << 8) | (byteAt(data, index + 2) << 16) | (byteAt(data, index + 3) << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const rest = length & 3;
  if (rest === 3) h ^= byteAt(data, length4 + 2) << 16;
  if (rest >= 2) h ^= byteAt(data, length4 + 1) << 8;
  if (rest >= 1) h = Math.imul(h ^ byteAt(data, length4), m);
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

function isAscii(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) if (text.charCodeAt(index) > 0x7f) return false;
  return true;
}

/**
 * Items as records of `topic`: framed by the partition of each one's key (`frameByKey`), each frame's
 * items wrapped into the topic's value by `wrap`, each record addressed to its frame's partition.
 */
export function framedRecords<T extends Topic, Item>(
  topic: T,
  items: readonly Item[],
  keyOf: (item: Item) => string,
  wrap: (items: Item[]) => TopicValue<T>,
  options: { maxItemsPerRecord: number; keys?: KeyVariety },
): OutboundRecord[] {
  return frameByKey(items, keyOf, topic.partitions, options.maxItemsPerRecord, options.keys).map(
    (frame): OutboundRecord => ({ topic, key: frame.key, value: wrap(frame.items), partition: frame.partition }),
  );
}
