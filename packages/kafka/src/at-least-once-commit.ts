import type { BatchTools, CommitStrategy, CommittingMember } from './commit-strategy.ts';
import type { ConsumerScope } from './consumer-scope.ts';
import type { FetchedBatch } from './fetch-owned.ts';
import type { PipelineProducer } from './producer.ts';
import type { Produce } from './records.ts';
import type { Topic } from './topics.ts';

/** How far a handled batch's partition is committed: to the batch's end, or as far as the handler says (undefined: not at all). */
export function offsetToCommit(batch: Pick<FetchedBatch, 'partition' | 'nextOffset'>, committableOffset?: (partition: number) => number | undefined): number | undefined {
  return committableOffset ? committableOffset(batch.partition) : Number(batch.nextOffset);
}

/** Every batch runs to its end, failed or not, before the next fetch: a failure must not leave one in flight. */
export async function commitEach<B>(batches: readonly B[], commitOne: (batch: B) => Promise<void>, inParallel: boolean): Promise<void> {
  if (!inParallel) {
    for (const batch of batches) await commitOne(batch);
    return;
  }
  const failed = (await Promise.allSettled(batches.map((batch) => commitOne(batch)))).find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * Each batch on its own: the handler's own effects, then its outputs acknowledged by the brokers, then
 * its partition's offset committed; a batch that fails leaves the others of its fetch committed.
 */
export function createAtLeastOnceCommit<T extends Topic>(
  scope: ConsumerScope<T>,
  member: CommittingMember,
  positions: Map<number, bigint>,
  tools: BatchTools,
  producer: PipelineProducer,
): CommitStrategy {
  const { options } = scope;

  async function commitBatch(batch: FetchedBatch): Promise<void> {
    const produce: Produce = async (records) => {
      await producer.send(records);
      tools.countProduced(records);
    };
    const { outputs, count } = await tools.handle(batch, produce);
    await producer.send(outputs);
    tools.countProduced(outputs);
    const offset = offsetToCommit(batch, options.committableOffset);
    if (offset !== undefined) await member.commitOffset(batch.partition, BigInt(offset));
    positions.set(batch.partition, batch.nextOffset);
    tools.consumed(count, batch.records.at(-1)!);
  }

  return {
    resumesFromCommitted: false,

    commit: (batches) => commitEach(batches, commitBatch, options.partitionsInParallel === true),

    async commitSkipped(rejected, partition, resume) {
      await producer.send([rejected]);
      // A handler that holds records in memory commits its own offsets, after they are safe.
      if (!options.committableOffset) await member.commitOffset(partition, resume);
      tools.countProduced([rejected]);
    },

    failed: async () => undefined,
    close: async () => undefined,
  };
}
