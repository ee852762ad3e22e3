import { moduleOf, summarizeCpuProfile, type CpuProfile } from './cpu-profile.ts';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });
const handler = 'file:///repo/services/http-ingest/src/app.ts';
const kafkajs = 'file:///repo/node_modules/.pnpm/kafkajs@2.2.4/node_modules/kafkajs/src/protocol/encoder.js';

/** root → handler → kafkajs encoder → Buffer (node internal); root → (garbage collector); root → (idle). */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 5, 6] },
    { id: 2, callFrame: frame('handler', handler), children: [3] },
    { id: 3, callFrame: frame('encode', kafkajs, 41), children: [4] },
    { id: 4, callFrame: frame('FastBuffer', 'node:internal/buffer', 959) },
    { id: 5, callFrame: frame('(garbage collector)') },
    { id: 6, callFrame: frame('(idle)') },
  ],
  startTime: 1_000_000,
  // Each sample lasts until the next: handler 1 ms, encode 2 ms, FastBuffer 3 ms, GC 1 ms, idle 3 ms (to endTime).
  samples: [2, 3, 4, 5, 6],
  timeDeltas: [0, 1000, 2000, 3000, 1000],
  endTime: 1_010_000,
};

describe('summarizeCpuProfile', () => {
  const summary = summarizeCpuProfile(profile, 10);

  it('sums self time by function, the largest first, with TypeScript files named without their compiled line', () => {
    expect(summary.totalMs).toBe(10);
    expect(summary.functions.map(({ name, selfMs }) => [name, selfMs])).toEqual([
      ['FastBuffer node:internal/buffer:960', 3],
      ['(idle)', 3],
      ['encode kafkajs/src/protocol/encoder.js:42', 2],
      ['handler services/http-ingest/src/app.ts', 1],
      ['(garbage collector)', 1],
    ]);
    expect(summary.busyShare).toBeCloseTo(0.7);
  });

  it('counts Node internals to the package that called them', () => {
    expect(summary.packages.map(({ name, share }) => [name, share])).toEqual([
      ['kafkajs', 0.5],
      ['(idle)', 0.3],
      ['@thermostream/http-ingest', 0.1],
      ['(garbage collector)', 0.1],
    ]);
  });

  it('keeps only the samples taken inside the window', () => {
    const window = summarizeCpuProfile(profile, 10, { fromMicros: 1_001_000, toMicros: 1_006_000 });
    expect(window.functions.map(({ name }) => name)).toEqual(['FastBuffer node:internal/buffer:960', 'encode kafkajs/src/protocol/encoder.js:42']);
    expect(window.busyShare).toBe(1);
  });
});

describe('moduleOf', () => {
  it('names npm packages, scoped ones included, workspace packages, Node and V8 categories', () => {
    expect(moduleOf(frame('f', 'file:///r/node_modules/.pnpm/@fastify+ajv@1/node_modules/@fastify/ajv-compiler/index.js'))).toBe('@fastify/ajv-compiler');
    expect(moduleOf(frame('f', 'file:///r/packages/readings/src/validate.ts'))).toBe('@thermostream/readings');
    expect(moduleOf(frame('f', 'node:zlib'))).toBe('node internals');
    expect(moduleOf(frame('(program)'))).toBe('(program)');
    expect(moduleOf(frame('set natives'))).toBe('(native)');
  });
});
