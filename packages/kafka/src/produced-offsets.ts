import type { ProduceResult } from '@platformatic/kafka';
import { topicName, type Topic } from './topics.ts';

/**
 * Where a transaction's records landed: the offset of the last record it wrote to each partition that
 * its records named explicitly (the broker answers each request with a partition's first offset, and
 * the records a request sent to a partition follow it one by one).
 */
export class ProducedOffsets {
  readonly #last = new Map<string, number>();
  readonly #namespace: string;

  constructor(namespace: string) {
    this.#namespace = namespace;
  }

  /** Records one acknowledged request: its messages, in the order sent, and the broker's answer. */
  add(messages: readonly { topic: string; partition?: number }[], result: ProduceResult): void {
    // By topic, then partition: a changelog writes a record per reading id, and a key string each would be garbage.
    const counts = new Map<string, Map<number, number>>();
    for (const message of messages) {
      if (message.partition === undefined) continue;
      let byPartition = counts.get(message.topic);
      if (!byPartition) counts.set(message.topic, (byPartition = new Map()));
      byPartition.set(message.partition, (byPartition.get(message.partition) ?? 0) + 1);
    }
    for (const { topic, partition, offset } of result.offsets ?? []) {
      const count = counts.get(topic)?.get(partition);
      if (count !== undefined) this.#last.set(`${topic}:${partition}`, Number(offset) + count - 1);
    }
  }

  /** The offset of the last record written to the partition, or undefined when none was (or its partition was left to its key). */
  lastOffset(topic: Topic, partition: number): number | undefined {
    return this.#last.get(`${topicName(topic, this.#namespace)}:${partition}`);
  }
}
