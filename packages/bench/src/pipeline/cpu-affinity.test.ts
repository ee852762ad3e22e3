import { allowedCpus, cpuListOf, processTrees } from './cpu-affinity.ts';

describe('cpuListOf', () => {
  it('holds to the first cores', () => {
    expect(cpuListOf(1, 2)).toBe('0');
    expect(cpuListOf(2, 2)).toBe('0-1');
    expect(cpuListOf(3, 8)).toBe('0-2');
  });

  it('refuses more cores than the machine has, none, or a fraction', () => {
    expect(() => cpuListOf(3, 2)).toThrow(/--cpus must be a whole number of cores from 1 to 2, not 3/);
    expect(() => cpuListOf(0, 2)).toThrow(/--cpus/);
    expect(() => cpuListOf(1.5, 2)).toThrow(/--cpus/);
  });
});

describe('allowedCpus', () => {
  it("reads a process's CPU list from its status", () => {
    expect(allowedCpus('Name:\tjava\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\nMems_allowed:\t1\n')).toBe('0-1');
    expect(allowedCpus('Name:\tjava\n')).toBeUndefined();
  });
});

describe('processTrees', () => {
  it('finds every process under the roots, and nothing of a root that is gone', () => {
    // 10 is a postmaster with two connections, 20 a broker, 30 an unrelated process.
    const parents = new Map([
      [10, 1],
      [11, 10],
      [12, 10],
      [13, 12],
      [20, 1],
      [30, 1],
    ]);
    expect(processTrees([10, 20, 99], parents).sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 20]);
  });
});
