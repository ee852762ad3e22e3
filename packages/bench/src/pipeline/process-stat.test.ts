import { parseProcessStat } from './process-stat.ts';

describe('parseProcessStat', () => {
  it('adds user and system ticks and reads the resident pages, even when the command name holds spaces and parentheses', () => {
    const rest = 'S 1 2 3 4 5 6 7 8 9 10 250 40 0 0 20 0 11 0 12345 987654321 5678';
    expect(parseProcessStat(`4242 (node (main) x) ${rest}`)).toEqual({ cpuTicks: 290, rssPages: 5678 });
  });
});
