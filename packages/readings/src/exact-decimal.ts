/**
 * A running sum of decimals, exact: adding a temperature and later subtracting it gives back the
 * previous sum digit for digit, where floating point would drift. A number counts as the shortest
 * decimal that round-trips to it (what `String(value)` prints); a string is read as the decimal it
 * spells, such as a sum this class printed.
 */
export class ExactDecimalSum {
  /** The sum is units / 10^scale, plus micros / 10^6. */
  private units = 0n;
  private scale = 0;
  /**
   * Numbers below 1e9 with at most six decimals (every temperature) are added as whole millionths in
   * a double, exactly while the total is a safe integer: BigInt arithmetic on every reading was most of
   * the cost of a sum.
   */
  private micros = 0;
  private microsScale = 0;

  add(value: number | string, sign: 1 | -1 = 1): this {
    if (typeof value === 'number' && Math.abs(value) < 1e9) {
      const decimals = decimalsOf(value);
      // Only a value of at most six decimals has a whole number of millionths; the others go to BigInt at once.
      const micros = decimals >= 0 ? Math.round(value * 1e6) : Number.NaN;
      // value × 10^6 is within 0.1 of that whole number, so rounding gives it exactly.
      const total = sign === 1 ? this.micros + micros : this.micros - micros;
      if (Number.isSafeInteger(total)) {
        this.micros = total;
        if (decimals > this.microsScale) this.microsScale = decimals;
        return this;
      }
    }
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
    const scale = Math.max(this.scale, this.microsScale);
    // Every millionths term had at most microsScale decimals, so the division is exact.
    const micros = BigInt(this.micros / 10 ** (6 - this.microsScale)) * 10n ** BigInt(scale - this.microsScale);
    const units = this.units * 10n ** BigInt(scale - this.scale) + micros;
    if (scale === 0) return units.toString();
    const negative = units < 0n;
    const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
    return `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }
}

/** How many decimals `String(value)` prints, or -1 when more than six or in exponent form. */
function decimalsOf(value: number): number {
  const text = String(value);
  if (text.includes('e')) return -1;
  const point = text.indexOf('.');
  const decimals = point < 0 ? 0 : text.length - point - 1;
  return decimals <= 6 ? decimals : -1;
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
