/**
 * Rows in PostgreSQL's binary COPY format (`COPY … FROM STDIN (FORMAT binary)`): values go as the
 * server stores them, so it parses no timestamp, number or escaped text, and the client formats none.
 * Each field must be written with the method of its column's exact type, in column order; a mismatch
 * is refused by the server ("incorrect binary data format"), never stored wrong.
 */
export class BinaryCopyWriter {
  private buffer: Buffer;
  private offset = 0;

  constructor(expectedBytes = 64 * 1024) {
    this.buffer = Buffer.allocUnsafe(Math.max(expectedBytes, 64));
    this.offset = this.buffer.write('PGCOPY\n\xff\r\n\0', 0, 'latin1');
    this.offset = this.buffer.writeInt32BE(0, this.offset); // flags: no OIDs
    this.offset = this.buffer.writeInt32BE(0, this.offset); // header extension length
  }

  /** Starts a row of `fieldCount` fields. */
  row(fieldCount: number): this {
    this.reserve(2);
    this.offset = this.buffer.writeInt16BE(fieldCount, this.offset);
    return this;
  }

  null(): this {
    this.reserve(4);
    this.offset = this.buffer.writeInt32BE(-1, this.offset);
    return this;
  }

  text(value: string | null): this {
    if (value === null) return this.null();
    this.reserve(4 + value.length * 3);
    const length = this.buffer.write(value, this.offset + 4, 'utf8');
    this.buffer.writeInt32BE(length, this.offset);
    this.offset += 4 + length;
    return this;
  }

  bool(value: boolean): this {
    this.reserve(5);
    this.offset = this.buffer.writeInt32BE(1, this.offset);
    this.offset = this.buffer.writeUInt8(value ? 1 : 0, this.offset);
    return this;
  }

  int4(value: number): this {
    this.reserve(8);
    this.offset = this.buffer.writeInt32BE(4, this.offset);
    this.offset = this.buffer.writeInt32BE(value, this.offset);
    return this;
  }

  /** A bigint column, from a safe integer. */
  int8(value: number): this {
    if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer for a bigint column: ${value}`);
    this.reserve(12);
    this.offset = this.buffer.writeInt32BE(8, this.offset);
    this.writeInt64(value);
    return this;
  }

  float8(value: number): this {
    this.reserve(12);
    this.offset = this.buffer.writeInt32BE(8, this.offset);
    this.offset = this.buffer.writeDoubleBE(value, this.offset);
    return this;
  }

  /** A timestamptz column, from epoch milliseconds: the server counts microseconds since 2000-01-01 UTC. */
  timestamptz(epochMillis: number | null): this {
    if (epochMillis === null) return this.null();
    this.reserve(12);
    this.offset = this.buffer.writeInt32BE(8, this.offset);
    this.writeInt64((epochMillis - postgresEpochMillis) * 1000);
    return this;
  }

  /**
   * A numeric column, from a number (the decimal it prints as, as text COPY would read it) or a decimal
   * string; the scale is kept, so 19.50 stays 19.50.
   */
  numeric(value: number | string): this {
    const text = String(value);
    if (this.smallNumeric(text)) return this;
    const { negative, weight, digits, scale } = numericOf(text);
    this.reserve(12 + 2 * digits.length);
    this.offset = this.buffer.writeInt32BE(8 + 2 * digits.length, this.offset);
    this.offset = this.buffer.writeInt16BE(digits.length, this.offset);
    this.offset = this.buffer.writeInt16BE(weight, this.offset);
    this.offset = this.buffer.writeUInt16BE(negative ? 0x4000 : 0, this.offset);
    this.offset = this.buffer.writeInt16BE(scale, this.offset);
    for (const digit of digits) this.offset = this.buffer.writeInt16BE(digit, this.offset);
    return this;
  }

  /**
   * Most values (a temperature: up to four digits on each side of the point) fit in two base-10000
   * digits; they are written without the general parse, which dominated the cost of a row.
   */
  private smallNumeric(text: string): boolean {
    const negative = text.charCodeAt(0) === minus;
    const start = negative ? 1 : 0;
    const point = text.indexOf('.');
    const integerEnd = point < 0 ? text.length : point;
    const scale = point < 0 ? 0 : text.length - point - 1;
    if (integerEnd - start > 4 || integerEnd === start || scale > 4) return false;
    let integer = 0;
    for (let index = start; index < integerEnd; index += 1) {
      const digit = text.charCodeAt(index) - zero;
      if (digit < 0 || digit > 9) return false;
      integer = integer * 10 + digit;
    }
    let fraction = 0;
    for (let index = point + 1; point >= 0 && index < text.length; index += 1) {
      const digit = text.charCodeAt(index) - zero;
      if (digit < 0 || digit > 9) return false;
      fraction = fraction * 10 + digit;
    }
    for (let place = scale; place < 4; place += 1) fraction *= 10;
    const digitCount = (integer === 0 ? 0 : 1) + (fraction === 0 ? 0 : 1);
    this.reserve(12 + 2 * digitCount);
    this.offset = this.buffer.writeInt32BE(8 + 2 * digitCount, this.offset);
    this.offset = this.buffer.writeInt16BE(digitCount, this.offset);
    this.offset = this.buffer.writeInt16BE(integer === 0 && fraction !== 0 ? -1 : 0, this.offset);
    this.offset = this.buffer.writeUInt16BE(negative && digitCount > 0 ? 0x4000 : 0, this.offset);
    this.offset = this.buffer.writeInt16BE(scale, this.offset);
    if (integer !== 0) this.offset = this.buffer.writeInt16BE(integer, this.offset);
    if (fraction !== 0) this.offset = this.buffer.writeInt16BE(fraction, this.offset);
    return true;
  }

  /** The COPY body: the rows written and the end-of-data marker. */
  finish(): Buffer {
    this.reserve(2);
    this.offset = this.buffer.writeInt16BE(-1, this.offset);
    return this.buffer.subarray(0, this.offset);
  }

  private writeInt64(value: number) {
    const high = Math.floor(value / 2 ** 32);
    this.offset = this.buffer.writeInt32BE(high, this.offset);
    this.offset = this.buffer.writeUInt32BE(value - high * 2 ** 32, this.offset);
  }

  private reserve(bytes: number) {
    if (this.offset + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.offset + bytes));
    this.buffer.copy(grown, 0, 0, this.offset);
    this.buffer = grown;
  }
}

const postgresEpochMillis = Date.UTC(2000, 0, 1);
const minus = '-'.charCodeAt(0);
const zero = '0'.charCodeAt(0);

const decimalPattern = /^([+-]?)(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/** A decimal as PostgreSQL's numeric holds it: base-10000 digits, the weight of the first, and the decimal scale. */
export function numericOf(value: number | string): { negative: boolean; weight: number; digits: number[]; scale: number } {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`not a finite number for a numeric column: ${value}`);
  const text = String(value);
  const match = decimalPattern.exec(text);
  if (match === null) throw new RangeError(`not a decimal number for a numeric column: ${JSON.stringify(text)}`);
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  let allDigits = `${whole}${fraction}`;
  let scale = fraction.length - Number(exponent);
  if (scale < 0) {
    allDigits += '0'.repeat(-scale);
    scale = 0;
  }
  allDigits = allDigits.padStart(scale + 1, '0');
  const integerPart = allDigits.slice(0, allDigits.length - scale);
  const fractionPart = allDigits.slice(allDigits.length - scale);
  const integerGroups = groupsOfFour(integerPart.padStart(Math.ceil(integerPart.length / 4) * 4, '0'));
  const fractionGroups = groupsOfFour(fractionPart.padEnd(Math.ceil(fractionPart.length / 4) * 4, '0'));
  let digits = [...integerGroups, ...fractionGroups];
  let weight = integerGroups.length - 1;
  let first = 0;
  while (first < digits.length && digits[first] === 0) first += 1;
  let end = digits.length;
  while (end > first && digits[end - 1] === 0) end -= 1;
  weight -= first;
  digits = digits.slice(first, end);
  if (digits.length === 0) return { negative: false, weight: 0, digits: [], scale };
  return { negative: sign === '-', weight, digits, scale };
}

function groupsOfFour(digits: string): number[] {
  const groups: number[] = [];
  for (let start = 0; start < digits.length; start += 4) groups.push(Number(digits.slice(start, start + 4)));
  return groups;
}
