/** A figure over several runs: the median, and the lowest and highest run. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/**
 * The median (of the two middle values for an even count) and the range of some runs' figures. A run
 * without the figure (NaN: an anchor arm that did not finish) is left out; all NaN when none has it.
 */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('a spread needs at least one run');
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** The spread of the runs that have the figure (a steady rate a short run could not measure is null); null when none has it. */
export function spreadOfKnown(values: readonly (number | null)[]): Spread | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : spread(known);
}

/** The run whose figure is the median, or the lower of the two middle ones: the run a chart shows. */
export function medianRun(values: readonly number[]): number {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  return order[Math.floor((order.length - 1) / 2)]!.index;
}
