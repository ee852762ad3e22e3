import type { ProcessStat } from './process-stat.ts';
import { treeCpuTicks } from './server-usage.ts';

const stat = (parentPid: number, cpuTicks: number, reapedChildTicks = 0): ProcessStat => ({ parentPid, cpuTicks, reapedChildTicks, rssPages: 0 });

describe('treeCpuTicks', () => {
  it("adds a server's own ticks, its live children's and those of its children that ended, and nothing outside its tree", () => {
    const processes = new Map<number, ProcessStat>([
      [1, stat(0, 5_000)],
      [100, stat(1, 40, 300)], // the postmaster: 300 ticks of connections that closed
      [101, stat(100, 25)], // a live connection
      [102, stat(100, 7, 2)],
      [103, stat(102, 1)], // a grandchild
      [200, stat(1, 900)], // another server
    ]);
    expect(treeCpuTicks(100, processes)).toBe(40 + 300 + 25 + 7 + 2 + 1);
    expect(treeCpuTicks(200, processes)).toBe(900);
  });

  it('is undefined once the server is gone', () => {
    expect(treeCpuTicks(100, new Map([[1, stat(0, 10)]]))).toBeUndefined();
  });
});
