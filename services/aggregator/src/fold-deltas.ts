import type { ReadingDelta } from '@thermostream/avro';
import { ExactDecimalSum } from '@thermostream/readings';

/** The net change a batch brings to one row of region_hourly_temperature. */
export interface AggregateChange {
  regionCode: string;
  hour: number;
  /** Exact decimal: the change of the sum of temperatures. */
  temperatureSum: string;
  pointCount: number;
}

/** Folds add and retract deltas, net ones and one-reading ones of version 1 alike, into one change per region and hour. */
export function foldDeltas(deltas: readonly ReadingDelta[]): AggregateChange[] {
  const groups = new Map<string, { regionCode: string; hour: number; sum: ExactDecimalSum; pointCount: number }>();
  for (const delta of deltas) {
    const key = `${delta.region_code}|${delta.hour}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { regionCode: delta.region_code, hour: delta.hour, sum: new ExactDecimalSum(), pointCount: 0 }));
    const sign = delta.kind === 'ADD' ? 1 : -1;
    group.sum.add(delta.temperature_sum ?? delta.temperature, sign);
    group.pointCount += sign * delta.point_count;
  }
  return [...groups.values()].map(({ regionCode, hour, sum, pointCount }) => ({ regionCode, hour, temperatureSum: sum.toString(), pointCount }));
}
