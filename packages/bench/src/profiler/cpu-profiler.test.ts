import { cpuProfileNodeOptions } from './cpu-profiler.ts';

describe('cpuProfileNodeOptions', () => {
  it('loads the profiler through a preload told where to write', () => {
    expect(cpuProfileNodeOptions('/profiles')).toMatch(/^--import file:\S+cpu-profiler-preload\.mjs\?dir=%2Fprofiles$/);
  });
});
