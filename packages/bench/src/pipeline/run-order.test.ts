import { armOrder } from './run-order.ts';

describe('armOrder', () => {
  it('alternates which side goes first from one run to the next', () => {
    const arms = ['thermostream', 'flink'];
    expect([0, 1, 2, 3].map((run) => armOrder(arms, run)[0])).toEqual(['thermostream', 'flink', 'thermostream', 'flink']);
  });

  it('reverses every arm in odd runs, so that over two runs each arm takes each place once', () => {
    const arms = ['thermostream', 'flink', 'flink-versions'];
    expect(armOrder(arms, 0)).toEqual(['thermostream', 'flink', 'flink-versions']);
    expect(armOrder(arms, 1)).toEqual(['flink-versions', 'flink', 'thermostream']);
    expect(arms).toEqual(['thermostream', 'flink', 'flink-versions']);
  });
});
