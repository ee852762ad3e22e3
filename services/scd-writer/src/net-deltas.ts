import type { ReadingDelta } from '@thermostream/avro';
import { ExactDecimalSum } from '@thermostream/readings';

/**
 * A batch's deltas netted to one per region, hour and kind: its count of readings and the exact sum of
 * their temperatures. The aggregates need nothing else, and a backlog's batch then stages and relays a
 * few dozen deltas instead of one per reading.
 */
export function netDeltas(deltas: readonly ReadingDelta[]): ReadingDelta[] {
  const groups = new Map<string, { net: ReadingDelta; sum: ExactDecimalSum }>();
  for (const delta of deltas) {
    const key = `${delta.kind}|${delta.region_code}|${delta.hour}`;
    let group = groups.get(key);
    if (group === undefined) {
      const net: ReadingDelta = { reading_id: '', version: null, region_code: delta.region_code, hour: delta.hour, kind: delta.kind, temperature: 0, point_count: 0, temperature_sum: null };
      groups.set(key, (group = { net, sum: new ExactDecimalSum() }));
    }
    group.net.point_count += delta.point_count;
    group.sum.add(delta.temperature_sum ?? delta.temperature);
  }
  return [...groups.values()].map(({ net, sum }) => {
    const temperatureSum = sum.toString();
    return { ...net, temperature: Number(temperatureSum), temperature_sum: temperatureSum };
  });
}
