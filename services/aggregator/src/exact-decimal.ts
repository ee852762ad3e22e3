/** A decimal as an integer and a power of ten: value = units / 10^scale. */
interface Decimal {
  units: bigint;
  scale: number;
}

/** The shortest decimal that round-trips to `value`, exactly (what String(value) prints). */
function toDecimal(value: number): Decimal {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  const [mantissa, exponentText] = String(value).split('e');
  const exponent = Number(exponentText ?? 0);
  const [whole, fraction = ''] = mantissa!.split('.');
  const digits = BigInt(`${whole}${fraction}`.replace('+', ''));
  const scale = fraction.length - exponent;
  return scale >= 0 ? { units: digits, scale } : { units: digits * 10n ** BigInt(-scale), scale: 0 };
}

/**
 * The exact sum of the decimals the numbers print as, as a decimal string: adding a temperature and
 * later subtracting it gives back the previous sum exactly, where floating point would drift.
 */
export function exactDecimalSum(values: readonly number[]): string {
  const decimals = values.map(toDecimal);
  const scale = Math.max(0, ...decimals.map((decimal) => decimal.scale));
  const units = decimals.reduce((sum, decimal) => sum + decimal.units * 10n ** BigInt(scale - decimal.scale), 0n);
  if (scale === 0) return units.toString();
  const negative = units < 0n;
  const text = (negative ? -units : units).toString().padStart(scale + 1, '0');
  return `${negative ? '-' : ''}${text.slice(0, -scale)}.${text.slice(-scale)}`;
}
