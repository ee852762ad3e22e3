import { namespaceTopicsPattern } from './kafka-tools.ts';

describe('namespaceTopicsPattern', () => {
  it("matches the namespace's topics and nothing that only starts like it", () => {
    const pattern = new RegExp(`^${namespaceTopicsPattern(['bench_1a2b'])}$`);
    expect(pattern.test('bench_1a2b.readings.raw')).toBe(true);
    expect(pattern.test('bench_1a2b.producer-performance')).toBe(true);
    expect(pattern.test('readings.raw')).toBe(false);
    expect(pattern.test('bench_1a2bc.readings.raw')).toBe(false);
    expect(pattern.test('bench_1a2bXreadings.raw')).toBe(false);
  });

  it('matches the topics of every namespace given, in one pattern', () => {
    const pattern = new RegExp(`^${namespaceTopicsPattern(['tx_01', 'replay_02'])}$`);
    expect(pattern.test('tx_01.readings.clean')).toBe(true);
    expect(pattern.test('replay_02.readings.raw')).toBe(true);
    expect(pattern.test('tx_03.readings.raw')).toBe(false);
    expect(pattern.test('readings.raw')).toBe(false);
  });

  it('refuses the product namespace and anything that is not a namespace, so it never deletes the real topics', () => {
    expect(() => namespaceTopicsPattern([''])).toThrow(/not a pipeline namespace/);
    expect(() => namespaceTopicsPattern(['tx_01', '.*'])).toThrow(/not a pipeline namespace/);
  });
});
