import { createOwnershipCheck, ownershipGap, type GroupView } from './ownership.ts';

const stable = (members: Record<string, number[]>): GroupView => ({ state: 'Stable', members: new Map(Object.entries(members)) });

describe('ownershipGap', () => {
  it('finds nothing when the members own every partition between them', () => {
    expect(ownershipGap(stable({ a: [0, 2, 4], b: [1, 3, 5] }), 'a', 6)).toBeUndefined();
  });

  it('finds nothing for a member that owns none while others own them all (more instances than partitions)', () => {
    expect(ownershipGap(stable({ a: [], b: [0, 1, 2] }), 'a', 3)).toBeUndefined();
  });

  it('names the partitions no member owns', () => {
    expect(ownershipGap(stable({ a: [] }), 'a', 3)).toBe('no member of the group owns partitions 0, 1, 2');
    expect(ownershipGap(stable({ a: [0], b: [2] }), 'b', 4)).toBe('no member of the group owns partitions 1, 3');
  });

  it('notices a group that no longer lists this member', () => {
    expect(ownershipGap(stable({ other: [0, 1] }), 'mine', 2)).toBe('the group no longer lists this member (mine)');
  });
});

describe('createOwnershipCheck', () => {
  it('asks for a rejoin only when the same gap is seen twice in a row', () => {
    const check = createOwnershipCheck();
    const orphaned = stable({ a: [] });
    expect(check.observe(orphaned, 'a', 2)).toEqual({ rejoin: false });
    expect(check.observe(orphaned, 'a', 2)).toEqual({ rejoin: true, reason: 'no member of the group owns partitions 0, 1' });
  });

  it('forgets a gap that a rebalance closed in between', () => {
    const check = createOwnershipCheck();
    expect(check.observe(stable({ a: [] }), 'a', 2)).toEqual({ rejoin: false });
    expect(check.observe(stable({ a: [0, 1] }), 'a', 2)).toEqual({ rejoin: false });
    expect(check.observe(stable({ a: [] }), 'a', 2)).toEqual({ rejoin: false });
  });

  it('leaves a rebalancing group alone, however its members look', () => {
    const check = createOwnershipCheck();
    const rebalancing: GroupView = { state: 'PreparingRebalance', members: new Map([['a', []]]) };
    expect(check.observe(stable({ a: [] }), 'a', 2)).toEqual({ rejoin: false });
    expect(check.observe(rebalancing, 'a', 2)).toEqual({ rejoin: false });
    expect(check.observe(stable({ a: [] }), 'a', 2)).toEqual({ rejoin: false });
  });

  it('asks a member that believes itself in a group the coordinator emptied to join again', () => {
    const check = createOwnershipCheck();
    const emptied: GroupView = { state: 'Empty', members: new Map() };
    expect(check.observe(emptied, 'a', 2)).toEqual({ rejoin: false });
    expect(check.observe(emptied, 'a', 2)).toEqual({ rejoin: true, reason: 'the group no longer lists this member (a)' });
  });

  it('does not confuse two different gaps for one that lasted', () => {
    const check = createOwnershipCheck();
    expect(check.observe(stable({ a: [0] }), 'a', 3)).toEqual({ rejoin: false });
    expect(check.observe(stable({ a: [1] }), 'a', 3)).toEqual({ rejoin: false });
  });
});
