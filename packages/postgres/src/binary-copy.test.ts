import { BinaryCopyWriter, numericOf } from './binary-copy.ts';

describe('numericOf', () => {
  it.each([
    [19.5, { negative: false, weight: 0, digits: [19, 5000], scale: 1 }],
    [-0.25, { negative: true, weight: -1, digits: [2500], scale: 2 }],
    [12345.6, { negative: false, weight: 1, digits: [1, 2345, 6000], scale: 1 }],
    [0.0001, { negative: false, weight: -1, digits: [1], scale: 4 }],
    [1e-7, { negative: false, weight: -2, digits: [10], scale: 7 }],
    [1e21, { negative: false, weight: 5, digits: [10], scale: 0 }],
    [20000, { negative: false, weight: 1, digits: [2], scale: 0 }],
    [0, { negative: false, weight: 0, digits: [], scale: 0 }],
    ['0.0', { negative: false, weight: 0, digits: [], scale: 1 }],
    ['-10.00', { negative: true, weight: 0, digits: [10], scale: 2 }],
  ])('holds %p as base-10000 digits', (value, expected) => {
    expect(numericOf(value)).toEqual(expected);
  });

  it.each([Number.NaN, Number.NEGATIVE_INFINITY, '12,5', ''])('refuses %p', (value) => {
    expect(() => numericOf(value)).toThrow(RangeError);
  });
});

describe('BinaryCopyWriter', () => {
  it('frames rows between the signature and the end marker, with a length before each field', () => {
    const body = new BinaryCopyWriter(8).row(3).text('é').null().int4(-2).finish();
    expect(body.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
    expect([...body.subarray(11)]).toEqual([
      ...[0, 0, 0, 0, 0, 0, 0, 0], // flags, extension length
      ...[0, 3], // fields in the row
      ...[0, 0, 0, 2, 0xc3, 0xa9], // 'é' in UTF-8
      ...[0xff, 0xff, 0xff, 0xff], // null
      ...[0, 0, 0, 4, 0xff, 0xff, 0xff, 0xfe],
      ...[0xff, 0xff], // end of data
    ]);
  });

  it('writes times as microseconds since 2000-01-01 and bigints past 32 bits', () => {
    const body = new BinaryCopyWriter().row(2).timestamptz(Date.UTC(2000, 0, 1, 0, 0, 1)).int8(2 ** 40 + 7).finish();
    const fields = body.subarray(19 + 2);
    expect(fields.readInt32BE(0)).toBe(8);
    expect(fields.readBigInt64BE(4)).toBe(1_000_000n);
    expect(fields.readBigInt64BE(16)).toBe(2n ** 40n + 7n);
  });

  it('writes a time before 2000 as a negative count', () => {
    const body = new BinaryCopyWriter().row(1).timestamptz(Date.UTC(1999, 11, 31, 23, 59, 59, 999)).finish();
    expect(body.readBigInt64BE(19 + 2 + 4)).toBe(-1000n);
  });

  it('writes small numerics, by their short path, as the general conversion does', () => {
    const referenceField = (value: number | string) => {
      const { negative, weight, digits, scale } = numericOf(value);
      const field = Buffer.alloc(12 + 2 * digits.length);
      field.writeInt32BE(8 + 2 * digits.length, 0);
      field.writeInt16BE(digits.length, 4);
      field.writeInt16BE(weight, 6);
      field.writeUInt16BE(negative ? 0x4000 : 0, 8);
      field.writeInt16BE(scale, 10);
      digits.forEach((digit, index) => field.writeInt16BE(digit, 12 + 2 * index));
      return field;
    };
    const written = (value: number | string) => {
      const body = new BinaryCopyWriter().row(1).numeric(value).finish();
      return body.subarray(19 + 2, body.length - 2);
    };
    const values: (number | string)[] = ['0.0', '-10.00', '-0', '5.', '0.0000', '9999.9999', '-0.0001', 10000, 12345.6, 0.00001];
    for (let step = -80_000; step <= 80_000; step += 13) values.push(step / 1000, step / 100, step / 10, step);
    const mismatches = values.filter((value) => !written(value).equals(referenceField(value))).map(String);
    expect(mismatches).toEqual([]);
    expect(values.length).toBeGreaterThan(45_000);
  });

  it('refuses a bigint it cannot hold exactly', () => {
    expect(() => new BinaryCopyWriter().row(1).int8(2 ** 53)).toThrow(RangeError);
  });
});
