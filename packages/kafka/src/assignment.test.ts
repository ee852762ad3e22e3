import { settleAssignments } from './assignment.ts';

describe('settleAssignments', () => {
  it("takes the last join's partitions of the topic, ascending, and keeps those owned before it too", () => {
    const settled = settleAssignments([1, 2, 3], [[{ topic: 'other', partitions: [7] }, { topic: 'in', partitions: [2, 0, 1] }]], 'in');
    expect(settled.owned).toEqual([0, 1, 2]);
    expect([...settled.kept].sort()).toEqual([1, 2]);
  });

  it('does not keep a partition lost and handed back between two looks', () => {
    const settled = settleAssignments([0, 1], [[{ topic: 'in', partitions: [0] }], [{ topic: 'in', partitions: [0, 1] }]], 'in');
    expect(settled.owned).toEqual([0, 1]);
    expect([...settled.kept]).toEqual([0]);
  });

  it('owns nothing after a join that handed it nothing of the topic', () => {
    const settled = settleAssignments([0, 1], [[{ topic: 'other', partitions: [0, 1] }]], 'in');
    expect(settled).toEqual({ owned: [], kept: new Set() });
  });
});
