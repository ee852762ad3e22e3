import type { BatchTools, CommittingMember } from './commit-strategy.ts';
import type { TransactionOutcome } from './consumer-options.ts';
import type { ConsumerScope } from './consumer-scope.ts';
import type { FetchedBatch } from './fetch-owned.ts';
import type { ProducedOffsets } from './produced-offsets.ts';
import type { OutboundRecord } from './records.ts';
import { topics, type Topic } from './topics.ts';
import { createTransactionalCommit, type TransactionalProducer } from './transactional-commit.ts';

const batch = (partition: number, offsets: number[]): FetchedBatch => ({
  partition,
  firstBatchOffset: BigInt(offsets[0]!),
  records: offsets.map((offset) => ({ offset, key: null, value: Buffer.from('x'), timestamp: 0 })),
  nextOffset: BigInt(offsets.at(-1)! + 1),
  lastStableOffset: BigInt(offsets.at(-1)! + 1),
  wireBytes: 0,
  recordBytes: 0,
});

const fenced = { groupId: 'ns.thermostream.scd-writer', generationId: 7, memberId: 'member-1', coordinatorId: 2 };

function setUp(options: { transactionOutcome?: TransactionOutcome; failCommit?: boolean; failHandlingOf?: number } = {}) {
  const steps: string[] = [];
  let producers = 0;
  const openProducer = (): TransactionalProducer => {
    const id = ++producers;
    return {
      beginTransaction: async () => {
        steps.push(`begin on producer ${id}`);
        return {
          send: async ({ messages }: { messages: { topic: string; partition?: number }[] }) => {
            steps.push(`send ${messages.map((message) => `${message.topic}/${message.partition}`).join(',')}`);
            const named = messages.filter((message) => message.partition !== undefined);
            return { offsets: named.map((message) => ({ topic: message.topic, partition: message.partition!, offset: BigInt(100 + 10 * message.partition!) })) };
          },
          addConsumer: async () => void steps.push('add consumer'),
          addOffset: async ({ partition, offset, metadata }: { partition: number; offset: bigint; metadata: { consumer: typeof fenced } }) =>
            void steps.push(`offset ${partition}@${offset} generation ${metadata.consumer.generationId}`),
          commit: async () => {
            if (options.failCommit) throw new Error('PRODUCER_FENCED');
            steps.push('commit');
          },
          abort: async () => void steps.push('abort'),
        } as never;
      },
      close: (async () => void steps.push(`close producer ${id}`)) as never,
    };
  };
  const positions = new Map<number, bigint>([
    [0, 5n],
    [3, 9n],
  ]);
  const member: CommittingMember = { consumer: {} as never, membership: () => fenced, commitOffset: async () => undefined };
  const tools: BatchTools = {
    // A handler may stage records through `produce` as well as return them.
    handle: async (fetched, produce) => {
      if (fetched.partition === options.failHandlingOf) throw new Error(`cannot handle partition ${fetched.partition}`);
      await produce([{ topic: topics.currentVersions, key: 'id', value: {}, partition: fetched.partition }]);
      return { outputs: [{ topic: topics.changes, key: 'id', value: {} } satisfies OutboundRecord], count: fetched.records.length };
    },
    countProduced: (records) => void steps.push(`counted ${records.length}`),
    consumed: () => undefined,
  };
  const scope = {
    context: { namespace: 'ns', clientId: 'test', serde: { encode: () => Buffer.from('v') } },
    options: { ...(options.transactionOutcome ? { transactionOutcome: options.transactionOutcome } : {}) },
    group: fenced.groupId,
    inputTopic: 'ns.readings.regional',
  } as unknown as ConsumerScope<Topic>;
  return { steps, positions, strategy: createTransactionalCommit(scope, member, positions, tools, openProducer) };
}

describe('createTransactionalCommit', () => {
  it("commits a fetch's outputs and the offsets after its batches in one transaction of this member's generation", async () => {
    const { steps, positions, strategy } = setUp();
    await strategy.commit([batch(0, [5, 6]), batch(3, [9])]);
    expect(steps).toEqual([
      'begin on producer 1',
      'send ns.readings.current-versions/0,ns.readings.changes/undefined,ns.readings.current-versions/3,ns.readings.changes/undefined',
      'add consumer',
      // The client adds one: the broker stores the offset after the batch.
      'offset 0@6 generation 7',
      'offset 3@9 generation 7',
      'commit',
      'counted 4',
    ]);
    expect([...positions]).toEqual([
      [0, 7n],
      [3, 10n],
    ]);
  });

  it('tells a handler that follows the outcome where its records landed', async () => {
    const committed: ProducedOffsets[] = [];
    const { strategy } = setUp({ transactionOutcome: { committed: async (produced) => void committed.push(produced), aborted: () => undefined } });
    await strategy.commit([batch(0, [5, 6]), batch(3, [9])]);
    expect(committed.map((produced) => [produced.lastOffset(topics.currentVersions, 0), produced.lastOffset(topics.currentVersions, 3)])).toEqual([[100, 130]]);
  });

  it('aborts a transaction that fails, tells the handler, keeps the positions, and starts the next on a new producer', async () => {
    const aborted: string[] = [];
    const { steps, positions, strategy } = setUp({ failCommit: true, transactionOutcome: { committed: async () => undefined, aborted: () => void aborted.push('aborted') } });
    const failure = await strategy.commit([batch(0, [5, 6])]).catch((error: unknown) => error);
    expect(steps.slice(-1)).toEqual(['abort']);
    expect(aborted).toEqual(['aborted']);
    expect(positions.get(0)).toBe(5n);
    await strategy.failed(failure);
    expect(steps.slice(-1)).toEqual(['close producer 1']);
    await strategy.commit([batch(0, [5, 6])]).catch(() => undefined);
    expect(steps).toContain('begin on producer 2');
  });

  it('tells the handler its staged work is void when a later partition of the fetch fails to be handled', async () => {
    const aborted: string[] = [];
    const { steps, positions, strategy } = setUp({ failHandlingOf: 3, transactionOutcome: { committed: async () => undefined, aborted: () => void aborted.push('aborted') } });
    await expect(strategy.commit([batch(0, [5, 6]), batch(3, [9])])).rejects.toThrow('cannot handle partition 3');
    expect(aborted).toEqual(['aborted']);
    expect(steps).toEqual([]);
    expect(positions.get(0)).toBe(5n);
  });

  it('asks for a new join, rather than a retry, when the handler could not follow a committed transaction', async () => {
    const { steps, positions, strategy } = setUp({
      transactionOutcome: {
        committed: async () => {
          throw new Error('LMDB is full');
        },
        aborted: () => undefined,
      },
    });
    const failure = await strategy.commit([batch(0, [5, 6])]).catch((error: unknown) => error);
    expect(String(failure)).toContain("the handler's state could not follow a committed transaction (LMDB is full)");
    expect(positions.get(0)).toBe(5n);
    await expect(strategy.failed(failure)).rejects.toBe(failure);
    expect(steps).not.toContain('close producer 1');
  });

  it('commits an unreadable batch away with the record that stands for it', async () => {
    const { steps, strategy } = setUp();
    await strategy.commitSkipped({ topic: topics.rejected, key: null, value: {}, partition: 3 }, 3, 120n);
    expect(steps).toEqual(['begin on producer 1', 'send ns.readings.rejected/3', 'add consumer', 'offset 3@119 generation 7', 'commit', 'counted 1']);
  });
});
