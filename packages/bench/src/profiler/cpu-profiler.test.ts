import { cpuProfileNodeOptions } from './cpu-profiler.ts';

describe('cpuProfileNodeOptions', () => {
  it('loads the profiler into a process started with no NODE_OPTIONS of its own', () => {
    expect(cpuProfileNodeOptions('/profiles', undefined)).toMatch(/^--import file:\S+cpu-profiler-preload\.mjs\?dir=%2Fprofiles$/);
  });

  it("keeps the operator's flags, ahead of its own", () => {
    const options = cpuProfileNodeOptions('/profiles', ' --max-semi-space-size=16 --stack-size=2000 ');
    expect(options.split(' ')).toEqual(['--max-semi-space-size=16', '--stack-size=2000', '--import', expect.stringContaining('cpu-profiler-preload.mjs')]);
  });
});
