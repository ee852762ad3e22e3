import { ExactDecimalSum } from './exact-decimal.ts';

const sumOf = (values: readonly (number | string)[]) => values.reduce<ExactDecimalSum>((sum, value) => sum.add(value), new ExactDecimalSum()).toString();

describe('ExactDecimalSum', () => {
  it.each([
    [[0.1, 0.2], '0.3'],
    [[21.3, -21.3], '0.0'],
    [[1e-7, 2], '2.0000001'],
    [[-0.5, -0.25], '-0.75'],
    [[12, 3], '15'],
    [[1e21, 1], '1000000000000000000001'],
    [['0.3', 0.1], '0.4'],
    [['-12.50', '2.5'], '-10.00'],
    [['1.5e2', '-0.5'], '149.5'],
    [[], '0'],
  ])('sums %j exactly to %s', (values, expected) => {
    expect(sumOf(values)).toBe(expected);
  });

  it('subtracts exactly what was added, whatever the order', () => {
    const temperatures = Array.from({ length: 2_000 }, (_, index) => Math.round(Math.sin(index) * 40_000) / 1_000);
    const sum = new ExactDecimalSum();
    for (const temperature of temperatures) sum.add(temperature);
    const kept = sum.toString();
    sum.add(12.345);
    for (const temperature of [...temperatures].reverse()) sum.add(temperature, -1);
    expect(sum.toString()).toBe('12.345');
    expect(Number(kept)).toBeCloseTo(temperatures.reduce((total, temperature) => total + temperature, 0), 6);
  });

  it('sums numbers as it sums the decimals they print as, small or not', () => {
    const values = [1e21, 0.1, -3.25, 1e-7, 999_999_999.5, 1_000_000_000.25, 0.1234567, -42, 2 ** 60];
    for (let index = 0; index < 5_000; index += 1) values.push(Math.round(Math.cos(index) * 1e7) / 10 ** (index % 8));
    expect(sumOf(values)).toBe(sumOf(values.map(String)));
    expect(sumOf([0.5, 0.25])).toBe('0.75');
  });

  it('stays exact past the largest total it holds in millionths', () => {
    const nearLimit = 999_999_999.999999;
    const sum = new ExactDecimalSum();
    for (let index = 0; index < 20_000; index += 1) sum.add(nearLimit);
    expect(sum.toString()).toBe('19999999999999.980000');
  });

  it('reads back a sum it printed as the same decimal', () => {
    const printed = sumOf([0.1, 0.02, -3]);
    expect(sumOf([printed, '0'])).toBe(printed);
    expect(printed).toBe('-2.88');
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, 'twelve', '1.2.3', ''])('refuses %p', (value) => {
    expect(() => new ExactDecimalSum().add(value)).toThrow(/not a (finite|decimal) number/);
  });
});
