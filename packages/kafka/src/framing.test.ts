import { frameByKey, murmur2, partitionOfKey } from './framing.ts';

describe('murmur2', () => {
  // The values Kafka's own UtilsTest expects of Utils.murmur2.
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('hashes %s as the Java client does, as a string or as its bytes', (key, hash) => {
    expect(murmur2(key)).toBe(hash);
    expect(murmur2(Buffer.from(key))).toBe(hash);
  });

  // Values of KafkaJS's Java-compatible murmur2, which hashes the UTF-8 bytes.
  it.each([
    ['Île-de-France', 621102130],
    ['é€', 1912689889],
  ])('hashes the UTF-8 bytes of %s', (key, hash) => {
    expect(murmur2(key)).toBe(hash);
    expect(murmur2(Buffer.from(key))).toBe(hash);
  });

  it('gives a partition in range for any hash', () => {
    for (const key of ['21', 'foobar', 'a', '', 'FR-IDF|2026-11-24T10:00:00.000Z']) {
      const partition = partitionOfKey(key, 6);
      expect(partition).toBeGreaterThanOrEqual(0);
      expect(partition).toBeLessThan(6);
    }
    // Kafka's default partitioner: toPositive(murmur2) % count; -973932308 & 0x7fffffff = 1173551340.
    expect(partitionOfKey('21', 6)).toBe(1173551340 % 6);
  });
});

describe('frameByKey', () => {
  const keyOf = (item: { key: string }) => item.key;
  const keysOnPartition = (partition: number, count: number) => {
    const keys: string[] = [];
    for (let n = 0; keys.length < count; n += 1) if (partitionOfKey(`k${n}`, 6) === partition) keys.push(`k${n}`);
    return keys;
  };

  it('puts items whose keys hash to one partition in one record, in their order, keyed by the first', () => {
    const [a, b] = keysOnPartition(2, 2);
    const [c] = keysOnPartition(5, 1);
    const items = [
      { key: a!, n: 1 },
      { key: c!, n: 2 },
      { key: b!, n: 3 },
      { key: a!, n: 4 },
    ];
    expect(frameByKey(items, keyOf, 6, 10)).toEqual([
      { key: a, partition: 2, items: [items[0], items[2], items[3]] },
      { key: c, partition: 5, items: [items[1]] },
    ]);
  });

  it('sends every item to the partition its own key hashes to', () => {
    const items = Array.from({ length: 200 }, (_, n) => ({ key: `reading-${n}` }));
    for (const frame of frameByKey(items, keyOf, 6, 7)) {
      expect(frame.items.every((item) => partitionOfKey(item.key, 6) === frame.partition)).toBe(true);
      expect(partitionOfKey(frame.key, 6)).toBe(frame.partition);
    }
  });

  it('splits a partition over several records at the size limit, in order', () => {
    const items = Array.from({ length: 5 }, (_, n) => ({ key: 'a', n }));
    expect(frameByKey(items, keyOf, 6, 2).map((frame) => frame.items.map((item) => item.n))).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('frames items of repeated keys the same when it works out each key’s partition once', () => {
    const regionHours = ['FR-IDF|10', 'FR-ARA|10', 'FR-IDF|11', 'none|10', 'FR-BRE|12'];
    const items = Array.from({ length: 60 }, (_, n) => ({ key: regionHours[(n * 7) % regionHours.length]!, n }));
    const repeated = frameByKey(items, keyOf, 6, 4, 'repeated');
    expect(repeated).toEqual(frameByKey(items, keyOf, 6, 4));
    expect(new Set(repeated.map((frame) => frame.partition)).size).toBeGreaterThan(1);
  });

  it('refuses a limit or a partition count below one', () => {
    expect(() => frameByKey([], keyOf, 6, 0)).toThrow('maxItemsPerRecord must be a positive integer');
    expect(() => frameByKey([], keyOf, 0, 1)).toThrow('partitions must be a positive integer');
  });
});
