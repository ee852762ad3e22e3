/** One topic's partitions in what the group handed this member at a join. */
export interface TopicAssignment {
  topic: string;
  partitions: readonly number[];
}

export interface SettledAssignment {
  /** What the last join handed this member, ascending. */
  owned: number[];
  /** What it owned before the joins and in each of them: only there does a position still hold. */
  kept: Set<number>;
}

/**
 * Folds the joins heard since the last settled one into this member's partitions of `topic`. A
 * partition lost and handed back between two looks was someone else's meanwhile, so it is not kept.
 */
export function settleAssignments(owned: readonly number[], joins: readonly (readonly TopicAssignment[])[], topic: string): SettledAssignment {
  const kept = new Set(owned);
  let latest = [...owned];
  for (const assignments of joins) {
    const mine = new Set(assignments.find((assignment) => assignment.topic === topic)?.partitions ?? []);
    for (const partition of kept) if (!mine.has(partition)) kept.delete(partition);
    latest = [...mine].sort((a, b) => a - b);
  }
  return { owned: latest, kept };
}
