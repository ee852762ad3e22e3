import { Admin, Consumer, FetchIsolationLevels, type ClusterMetadata, type GroupAssignment } from '@platformatic/kafka';
import { settleAssignments } from './assignment.ts';
import type { CommittingMember, Membership } from './commit-strategy.ts';
import { committedPositions } from './committed-positions.ts';
import type { ConsumerScope } from './consumer-scope.ts';
import { clientOptions } from './context.ts';
import { createOwnershipCheck, type GroupView } from './ownership.ts';
import type { Topic } from './topics.ts';

/** This process in its consumer group, for one life of the client. */
export interface GroupMember extends CommittingMember {
  /** What the joins settled last handed this member, ascending. */
  readonly owned: readonly number[];
  join(): Promise<void>;
  /** Throws what the client failed on outside any call of ours (a rejoin in the background). */
  throwIfFailed(): void;
  /** Whether the group was joined again since the joins settled last. */
  hasNewJoins(): boolean;
  /**
   * Takes in the joins heard: the owned partitions, their positions (the committed offsets of those
   * not kept), then the handler's `onAssignment`. False when another join came meanwhile.
   */
  settleJoins(positions: Map<number, bigint>, resumeFromCommitted: boolean): Promise<boolean>;
  /** Throws, to join again, when the group has left partitions to no member or no longer lists this one. */
  watchOwnership(): Promise<void>;
  /** The input topic's metadata for the next fetch; offsets are committed with its leader epochs. */
  refreshMetadata(): Promise<ClusterMetadata>;
  close(): Promise<void>;
}

/** `wakeUp` ends the consumer's pause when the client has news: a join, or a failure. */
export function createGroupMember<T extends Topic>(scope: ConsumerScope<T>, wakeUp: () => void): GroupMember {
  const { context, options, group, inputTopic, logger, labels, sessionTimeout } = scope;
  const timings = { sessionTimeout, rebalanceTimeout: Math.max(sessionTimeout, 60_000), heartbeatInterval: Math.min(3_000, Math.floor(sessionTimeout / 3)) };
  const consumer = new Consumer({
    ...clientOptions(context, 'consumer'),
    // Few retries inside the client (they nest: a join retries its coordinator look-up, which
    // retries its connection): the supervisor retries the whole with backoff, and a broken
    // client shows as not running within seconds instead of minutes.
    retries: 3,
    groupId: group,
    ...(options.groupInstanceId === undefined ? {} : { groupInstanceId: options.groupInstanceId }),
    isolationLevel: FetchIsolationLevels.READ_COMMITTED,
    ...timings,
    autocommit: false,
  });
  let clientError: unknown;
  // The client reports a failed rejoin as an 'error' event; unheard, it would kill the process.
  consumer.on('error', (error: unknown) => {
    clientError ??= error;
    wakeUp();
  });
  // Every join is queued: a partition keeps its position only if this member owned it in each of them.
  const joins: GroupAssignment[][] = [];
  let leader = false;
  consumer.on('consumer:group:join', (payload: { assignments?: GroupAssignment[] | null; isLeader?: boolean }) => {
    joins.push(payload.assignments ?? []);
    leader = payload.isLeader === true;
    wakeUp();
  });

  let owned: number[] = [];
  let membership: Membership = { groupId: group, generationId: -1, memberId: '', coordinatorId: -1 };
  let metadata: ClusterMetadata | undefined;
  let admin: Admin | undefined;
  // The coordinator rebalances when a member dies, not when a live one was handed nothing it
  // should own; looked at once a session timeout, the time it takes to notice a dead member.
  const ownership = createOwnershipCheck();
  let nextOwnershipCheck = 0;

  const describeGroup = async (): Promise<GroupView | undefined> => {
    // One try, bounded by a session timeout: a check that fails is skipped until the next one,
    // rather than holding the batches up while the broker refuses or hangs.
    admin ??= new Admin({ ...clientOptions(context, 'admin'), retries: 0, timeout: sessionTimeout });
    const described = (await admin.describeGroups({ groups: [group] })).get(group);
    if (!described) return undefined;
    const members = new Map<string, number[]>();
    for (const [memberId, member] of described.members) members.set(memberId, member.assignments?.get(inputTopic)?.partitions ?? []);
    return { state: described.state, members };
  };

  return {
    consumer,
    get owned() {
      return owned;
    },
    membership: () => membership,
    commitOffset: (partition, offset) =>
      consumer.commit({ offsets: [{ topic: inputTopic, partition, offset, leaderEpoch: metadata?.topics.get(inputTopic)?.partitions[partition]?.leaderEpoch ?? -1 }] }),

    async join() {
      consumer.topics.track(inputTopic);
      await consumer.joinGroup(timings);
      nextOwnershipCheck = Date.now() + sessionTimeout;
    },

    throwIfFailed() {
      if (clientError !== undefined) throw clientError;
    },

    hasNewJoins: () => joins.length > 0,

    async settleJoins(positions, resumeFromCommitted) {
      const settled = settleAssignments(owned, joins.splice(0), inputTopic);
      owned = settled.owned;
      membership = { groupId: group, generationId: consumer.generationId, memberId: consumer.memberId ?? '', coordinatorId: consumer.coordinatorId ?? -1 };
      for (const partition of [...positions.keys()]) if (!settled.kept.has(partition) || resumeFromCommitted) positions.delete(partition);
      const missing = owned.filter((partition) => !positions.has(partition));
      for (const [partition, offset] of await committedPositions(consumer, inputTopic, missing, context.security)) positions.set(partition, offset);
      if (joins.length > 0) return false;
      logger.info({ partitions: owned, generation: membership.generationId, member: membership.memberId, leader }, 'joined group');
      await options.onAssignment?.(owned);
      if (joins.length > 0) return false;
      nextOwnershipCheck = Date.now() + sessionTimeout;
      return true;
    },

    async watchOwnership() {
      if (Date.now() < nextOwnershipCheck) return;
      nextOwnershipCheck = Date.now() + sessionTimeout;
      const view = await describeGroup().catch(() => undefined);
      const partitionCount = (await consumer.metadata({ topics: [inputTopic] })).topics.get(inputTopic)?.partitionsCount ?? 0;
      const verdict = view ? ownership.observe(view, membership.memberId, partitionCount) : { rejoin: false as const };
      if (verdict.rejoin) {
        options.metrics.increment('thermostream_consumer_ownership_rejoins_total', labels);
        throw new Error(`${verdict.reason}; joining the group again`);
      }
    },

    async refreshMetadata() {
      metadata = await consumer.metadata({ topics: [inputTopic] });
      return metadata;
    },

    async close() {
      await admin?.close().catch(() => undefined);
      await consumer.close(true).catch(() => undefined);
    },
  };
}
