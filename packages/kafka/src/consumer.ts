import { createAtLeastOnceCommit } from './at-least-once-commit.ts';
import { batchTools, type CommittingMember } from './commit-strategy.ts';
import type { ConsumerHandle, ConsumerOptions } from './consumer-options.ts';
import { consumerScope } from './consumer-scope.ts';
import { runSession, type SessionRuntime } from './consumer-session.ts';
import { createStatusTracker } from './consumer-status.ts';
import type { KafkaContext } from './context.ts';
import { createPause } from './pause.ts';
import { createProducer, defaultCompression, type PipelineProducer } from './producer.ts';
import { superviseSessions } from './supervisor.ts';
import type { Topic } from './topics.ts';
import { createTransactionalCommit } from './transactional-commit.ts';

export type { ConsumerHandle, ConsumerOptions, ConsumerStatus, DeliveryMode, TransactionOutcome } from './consumer-options.ts';

/**
 * Runs a service's batch handler over one input topic. An offset is committed only after everything
 * the batch caused (database work, produced records) has succeeded; when the handler or a produce
 * fails, nothing of the batch is committed, the partition's position stays where it was, and the
 * batch is fetched and delivered again. When the client itself fails (broker gone, coordinator not
 * found, membership lost), the consumer is closed and started again with capped exponential backoff,
 * resuming from the committed offsets.
 */
export async function runConsumer<T extends Topic>(context: KafkaContext, options: ConsumerOptions<T>): Promise<ConsumerHandle> {
  const scope = consumerScope(context, options);
  const compression = options.compression ?? defaultCompression;
  const producer: PipelineProducer | undefined = options.mode === 'at-least-once' ? await createProducer(context, { compression }) : undefined;
  const tools = batchTools(scope);
  const tracker = createStatusTracker(scope);
  const { pause, wakeUp } = createPause();
  let stopping = false;
  let current: CommittingMember | undefined;

  const runtime: SessionRuntime = {
    tracker,
    unreadable: new Map(),
    stopping: () => stopping,
    pause,
    wakeUp,
    attach: (member) => void (current = member),
    commitStrategy: (member, positions) =>
      options.mode === 'transactional' ? createTransactionalCommit(scope, member, positions, tools) : createAtLeastOnceCommit(scope, member, positions, tools, producer!),
  };

  let firstJoin: () => void = () => undefined;
  const joinedOnce = new Promise<void>((resolve) => (firstJoin = resolve));
  const supervisor = superviseSessions(scope, {
    status: tracker.status,
    stopping: () => stopping,
    pause,
    session: (onJoined) => runSession(scope, runtime, onJoined),
    settled: () => firstJoin(),
  });

  await joinedOnce;
  const { status } = tracker;
  return {
    isReady: () => status.running,
    status: () => ({ ...status }),
    async commit(partition, offset) {
      if (!current) throw new Error('the consumer is not a member of its group; the offset will be committed after the next batch');
      await current.commitOffset(partition, BigInt(offset));
    },
    async stop() {
      stopping = true;
      wakeUp();
      await supervisor;
      tracker.stop();
      await producer?.disconnect();
    },
  };
}
