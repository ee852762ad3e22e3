import { frameByKey } from './framing.ts';

describe('frameByKey', () => {
  const keyOf = (item: { key: string }) => item.key;

  it('puts items with the same key in one record, keeping their order', () => {
    const items = [
      { key: 'a', n: 1 },
      { key: 'b', n: 2 },
      { key: 'a', n: 3 },
    ];
    expect(frameByKey(items, keyOf, 10)).toEqual([
      { key: 'a', items: [items[0], items[2]] },
      { key: 'b', items: [items[1]] },
    ]);
  });

  it('splits a key over several records at the size limit, in order', () => {
    const items = Array.from({ length: 5 }, (_, n) => ({ key: 'a', n }));
    expect(frameByKey(items, keyOf, 2).map((frame) => frame.items.map((item) => item.n))).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('refuses a limit below one', () => {
    expect(() => frameByKey([], keyOf, 0)).toThrow('maxItemsPerRecord must be a positive integer');
  });
});
