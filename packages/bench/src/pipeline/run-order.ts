/**
 * The order of a run's arms: as given in even runs (the first is run 0), reversed in odd ones, so
 * that over the runs each side goes first as often, and neither always inherits the other's
 * warm caches or leftover background work.
 */
export function armOrder<Arm>(arms: readonly Arm[], runIndex: number): Arm[] {
  return runIndex % 2 === 0 ? [...arms] : [...arms].reverse();
}
