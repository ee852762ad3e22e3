/** What the group coordinator says of a group: its state and each member's partitions of one topic. */
export interface GroupView {
  state: string;
  members: ReadonlyMap<string, readonly number[]>;
}

/** Why this member should join its group again, or undefined while the group's assignment is whole. */
export type OwnershipVerdict = { rejoin: false } | { rejoin: true; reason: string };

const rebalancing = new Set(['preparingrebalance', 'completingrebalance']);

/**
 * Watches a group for partitions that no member owns, or for a group that no longer lists this
 * member (an empty one included). Either leaves partitions unread with nothing to make the group
 * rebalance: the members it lists are alive and heartbeat, so the coordinator sees no reason to, and
 * a member that believes itself in the group does not ask. A rebalance in progress is left alone,
 * and a gap must be seen twice in a row (one check period apart) before it counts, so that a
 * rebalance finishing between two looks is not taken for one.
 */
export function createOwnershipCheck() {
  let previous: string | undefined;
  return {
    observe(view: GroupView, memberId: string, partitionCount: number): OwnershipVerdict {
      if (rebalancing.has(view.state.toLowerCase())) {
        previous = undefined;
        return { rejoin: false };
      }
      const gap = ownershipGap(view, memberId, partitionCount);
      const seenBefore = gap !== undefined && gap === previous;
      previous = gap;
      return seenBefore ? { rejoin: true, reason: gap } : { rejoin: false };
    },
  };
}

export function ownershipGap(view: GroupView, memberId: string, partitionCount: number): string | undefined {
  if (!view.members.has(memberId)) return `the group no longer lists this member (${memberId})`;
  const owned = new Set<number>();
  for (const partitions of view.members.values()) for (const partition of partitions) owned.add(partition);
  const unowned: number[] = [];
  for (let partition = 0; partition < partitionCount; partition++) if (!owned.has(partition)) unowned.push(partition);
  return unowned.length === 0 ? undefined : `no member of the group owns partitions ${unowned.join(', ')}`;
}
