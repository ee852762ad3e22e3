import type { ReadingDelta } from '@thermostream/avro';
import { exactDecimalSum } from './exact-decimal.ts';

/** The net change a batch brings to one row of region_hourly_temperature. */
export interface AggregateChange {
  regionCode: string;
  hour: number;
  /** Exact decimal: the change of the sum of temperatures. */
  temperatureSum: string;
  pointCount: number;
}

/** Folds add and retract deltas into one change per region and hour. */
export function foldDeltas(deltas: readonly ReadingDelta[]): AggregateChange[] {
  const groups = new Map<string, { regionCode: string; hour: number; temperatures: number[]; pointCount: number }>();
  for (const delta of deltas) {
    const key = `${delta.region_code}|${delta.hour}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { regionCode: delta.region_code, hour: delta.hour, temperatures: [], pointCount: 0 }));
    const sign = delta.kind === 'ADD' ? 1 : -1;
    group.temperatures.push(sign * delta.temperature);
    group.pointCount += sign;
  }
  return [...groups.values()].map(({ regionCode, hour, temperatures, pointCount }) => ({
    regionCode,
    hour,
    temperatureSum: exactDecimalSum(temperatures),
    pointCount,
  }));
}
