import { commitEach, createAtLeastOnceCommit, offsetToCommit } from './at-least-once-commit.ts';
import type { BatchTools, CommittingMember } from './commit-strategy.ts';
import type { ConsumerScope } from './consumer-scope.ts';
import type { FetchedBatch } from './fetch-owned.ts';
import type { PipelineProducer } from './producer.ts';
import { outbound } from './records.ts';
import { topics, type Topic } from './topics.ts';

const batch = (partition: number, offsets: number[]): FetchedBatch => ({
  partition,
  firstBatchOffset: BigInt(offsets[0]!),
  records: offsets.map((offset) => ({ offset, key: null, value: Buffer.from('x'), timestamp: 0 })),
  nextOffset: BigInt(offsets.at(-1)! + 1),
  lastStableOffset: BigInt(offsets.at(-1)! + 1),
  wireBytes: 0,
  recordBytes: 0,
});

describe('offsetToCommit', () => {
  it("commits a batch's partition to the batch's end", () => {
    expect(offsetToCommit({ partition: 3, nextOffset: 42n })).toBe(42);
  });

  it('commits only as far as a handler that keeps records says, for the partition of the batch', () => {
    const asked: number[] = [];
    expect(offsetToCommit({ partition: 3, nextOffset: 42n }, (partition) => (asked.push(partition), 17))).toBe(17);
    expect(offsetToCommit({ partition: 3, nextOffset: 42n }, () => undefined)).toBeUndefined();
    expect(asked).toEqual([3]);
  });
});

describe('commitEach', () => {
  it('one after the other, stops at the first failed batch', async () => {
    const done: number[] = [];
    const commit = async (n: number) => {
      if (n === 2) throw new Error(`batch ${n} failed`);
      done.push(n);
    };
    await expect(commitEach([1, 2, 3], commit, false)).rejects.toThrow('batch 2 failed');
    expect(done).toEqual([1]);
  });

  it('at once, lets every batch run to its end before throwing the first failure', async () => {
    const done: number[] = [];
    const commit = async (n: number) => {
      await new Promise((resolve) => setTimeout(resolve, 10 - n));
      if (n % 2 === 0) throw new Error(`batch ${n} failed`);
      done.push(n);
    };
    await expect(commitEach([1, 2, 3, 4, 5], commit, true)).rejects.toThrow('batch 2 failed');
    expect(done.sort()).toEqual([1, 3, 5]);
  });
});

describe('createAtLeastOnceCommit', () => {
  function setUp(options: { committableOffset?: (partition: number) => number | undefined; failSendOf?: number } = {}) {
    const steps: string[] = [];
    const positions = new Map<number, bigint>([
      [0, 0n],
      [1, 0n],
    ]);
    const member = {
      consumer: undefined as never,
      membership: () => ({ groupId: 'g', generationId: 1, memberId: 'm', coordinatorId: 1 }),
      commitOffset: async (partition: number, offset: bigint) => void steps.push(`commit ${partition}@${offset}`),
    } satisfies CommittingMember;
    const producer: PipelineProducer = {
      send: async (records) => {
        const partitions = records.map((record) => (record.value as { partition: number }).partition);
        if (partitions.includes(options.failSendOf ?? -1)) throw new Error('not acknowledged');
        steps.push(`send ${partitions.join(',')}`);
      },
      disconnect: async () => undefined,
    };
    const tools: BatchTools = {
      handle: async (fetched) => {
        steps.push(`handle ${fetched.partition}`);
        return { outputs: [outbound(topics.rejected, null, { partition: fetched.partition } as never)], count: fetched.records.length };
      },
      countProduced: () => undefined,
      consumed: () => undefined,
    };
    const scope = { options: { partitionsInParallel: false, ...(options.committableOffset ? { committableOffset: options.committableOffset } : {}) } } as unknown as ConsumerScope<Topic>;
    return { steps, positions, strategy: createAtLeastOnceCommit(scope, member, positions, tools, producer) };
  }

  it("handles a batch, has its outputs acknowledged, then commits its partition's offset and moves its position", async () => {
    const { steps, positions, strategy } = setUp();
    await strategy.commit([batch(0, [5, 6]), batch(1, [9])]);
    expect(steps).toEqual(['handle 0', 'send 0', 'commit 0@7', 'handle 1', 'send 1', 'commit 1@10']);
    expect([...positions]).toEqual([
      [0, 7n],
      [1, 10n],
    ]);
  });

  it('commits nothing of a batch whose outputs were not acknowledged, and keeps its position', async () => {
    const { steps, positions, strategy } = setUp({ failSendOf: 1 });
    await expect(strategy.commit([batch(0, [5, 6]), batch(1, [9])])).rejects.toThrow('not acknowledged');
    expect(steps.filter((step) => step.startsWith('commit'))).toEqual(['commit 0@7']);
    expect(positions.get(1)).toBe(0n);
  });

  it('commits as far as the handler says, but moves the position past the batch', async () => {
    const { steps, positions, strategy } = setUp({ committableOffset: (partition) => (partition === 0 ? 3 : undefined) });
    await strategy.commit([batch(0, [5, 6]), batch(1, [9])]);
    expect(steps.filter((step) => step.startsWith('commit'))).toEqual(['commit 0@3']);
    expect(positions.get(1)).toBe(10n);
  });

  it('commits past an unreadable batch once its rejected record is acknowledged, unless the handler commits its own offsets', async () => {
    const own = setUp();
    await own.strategy.commitSkipped(outbound(topics.rejected, null, { partition: 1 } as never), 1, 120n);
    expect(own.steps).toEqual(['send 1', 'commit 1@120']);
    const handlers = setUp({ committableOffset: () => 0 });
    await handlers.strategy.commitSkipped(outbound(topics.rejected, null, { partition: 1 } as never), 1, 120n);
    expect(handlers.steps).toEqual(['send 1']);
  });
});
