/**
 * A running sum of decimals, exact: adding a temperature and later subtracting it gives back the
 * previous sum digit for digit, where floating point would drift. A number counts as the shortest
 * decimal that round-trips to it (what `String(value)` prints); a string is read as the decimal it
 * spells, such as a sum this class printed.
 */
export class ExactDecimalSum {
  /** The sum is units / 10^scale. */
  private units = 0n;
  private scale = 0;

  add(value: number | string, sign: 1 | -1 = 1): this {
    const { units, scale } = toDecimal(value);
    if (scale > this.scale) {
      this.units *= 10n ** BigInt(scale - this.scale);
      this.scale = scale;
    }
    const aligned = scale < this.scale ? units * 10n ** BigInt(this.scale - scale) : units;
    this.units = sign === 1 ? this.units + aligned : this.units - aligned;
    return this;
  }

  /** The sum as a decimal string with the scale of its most precise term (PostgreSQL reads it as numeric). */
  toString(): string {
    if (this.scale === 0) return this.units.toString();
    const negative = this.units < 0n;
    const digits = (negative ? -this.units : this.units).toString().padStart(this.scale + 1, '0');
    return `${negative ? '-' : ''}${digits.slice(0, -this.scale)}.${digits.slice(-this.scale)}`;
  }
}

const decimalPattern = /^([+-]?)(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

function toDecimal(value: number | string): { units: bigint; scale: number } {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  const text = String(value);
  const match = decimalPattern.exec(text);
  if (match === null) throw new Error(`not a decimal number: ${JSON.stringify(text)}`);
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  const digits = BigInt(`${sign}${whole}${fraction}`);
  const scale = fraction.length - Number(exponent);
  return scale >= 0 ? { units: digits, scale } : { units: digits * 10n ** BigInt(-scale), scale: 0 };
}
