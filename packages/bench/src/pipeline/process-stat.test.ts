import { parseProcessStat } from './process-stat.ts';

describe('parseProcessStat', () => {
  it('reads the parent, adds user and system ticks and reads the resident pages, even when the command name holds spaces and parentheses', () => {
    const rest = 'S 1 2 3 4 5 6 7 8 9 10 250 40 0 0 20 0 11 0 12345 987654321 5678';
    expect(parseProcessStat(`4242 (node (main) x) ${rest}`)).toEqual({ parentPid: 1, cpuTicks: 290, reapedChildTicks: 0, rssPages: 5678 });
  });

  it('adds the user and system ticks of the children that ended', () => {
    const rest = 'S 77 2 3 4 5 6 7 8 9 10 250 40 13 7 20 0 11 0 12345 987654321 5678';
    expect(parseProcessStat(`4242 (postgres) ${rest}`)).toMatchObject({ parentPid: 77, reapedChildTicks: 20 });
  });
});
