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
    const counts = new Map<string, number>();
    for (const message of messages) {
      if (message.partition === undefined) continue;
      const at = `${message.topic}:${message.partition}`;
      counts.set(at, (counts.get(at) ?? 0) + 1);
    }
    for (const { topic, partition, offset } of result.offsets ?? []) {
      const at = `${topic}:${partition}`;
      const count = counts.get(at);
      if (count !== undefined) this.#last.set(at, Number(offset) + count - 1);
    }
  }

  /** The offset of the last record written to the partition, or undefined when none was (or its partition was left to its key). */
  lastOffset(topic: Topic, partition: number): number | undefined {
    return this.#last.get(`${topicName(topic, this.#namespace)}:${partition}`);
  }
}
