import { createBatchFailurePolicy } from './batch-failures.ts';
import type { CommitStrategy, CommittingMember } from './commit-strategy.ts';
import { createOwnedFetch } from './consumer-fetch.ts';
import type { ConsumerScope } from './consumer-scope.ts';
import type { StatusTracker } from './consumer-status.ts';
import { createGroupMember } from './group-member.ts';
import type { Topic } from './topics.ts';

/** What outlives one client: the consumer's status, its pauses, its stop, and how it commits. */
export interface SessionRuntime {
  readonly tracker: StatusTracker;
  /** Failed reads of a partition's offset, kept across restarts of the client so that they add up. */
  readonly unreadable: Map<string, number>;
  stopping(): boolean;
  pause(ms: number): Promise<void>;
  wakeUp(): void;
  /** Told the member while there is one, for commits outside a batch. */
  attach(member: CommittingMember | undefined): void;
  commitStrategy(member: CommittingMember, positions: Map<number, bigint>): CommitStrategy;
}

/** One life of the client: join, fetch, handle and commit until stopped (resolves) or the client fails (throws). */
export async function runSession<T extends Topic>(scope: ConsumerScope<T>, runtime: SessionRuntime, onJoined: () => void): Promise<void> {
  const { options, labels } = scope;
  const { tracker } = runtime;
  const member = createGroupMember(scope, runtime.wakeUp);
  // Where each owned partition is read next: past what was committed, or what a handler keeps in memory.
  const positions = new Map<number, bigint>();
  const strategy = runtime.commitStrategy(member, positions);
  try {
    await member.join();
    runtime.attach(member);
    const fetch = createOwnedFetch(scope, member, { positions, unreadable: runtime.unreadable, pause: runtime.pause, commitSkipped: strategy.commitSkipped });
    const batchFailures = createBatchFailurePolicy();

    while (!runtime.stopping()) {
      member.throwIfFailed();
      if (member.hasNewJoins()) {
        if (!(await member.settleJoins(positions, strategy.resumesFromCommitted))) continue;
        tracker.setRunning(true);
        onJoined();
      }
      await member.watchOwnership();
      if (member.owned.length === 0) {
        tracker.idle();
        await runtime.pause(1_000);
        continue;
      }

      const fetched = await fetch();
      if (member.hasNewJoins() || runtime.stopping()) continue;

      const started = process.hrtime.bigint();
      const withRecords = fetched.filter((partition) => partition.records.length > 0);
      try {
        await strategy.commit(withRecords);
        batchFailures.succeeded();
      } catch (error) {
        tracker.failed(error, fetched, positions);
        await strategy.failed(error);
        const next = batchFailures.failed(error);
        if (next.restart) throw error;
        await runtime.pause(next.retryInMs);
        continue;
      } finally {
        if (withRecords.length > 0) options.metrics.observe('thermostream_batch_duration_seconds', Number(process.hrtime.bigint() - started) / 1e9, labels);
      }
      // Past control markers and aborted records too, once what came before them is committed.
      for (const partition of fetched) if (partition.records.length === 0) positions.set(partition.partition, partition.nextOffset);
      tracker.committed(fetched);
    }
  } finally {
    tracker.setRunning(false);
    runtime.attach(undefined);
    await strategy.close();
    await member.close();
  }
}
