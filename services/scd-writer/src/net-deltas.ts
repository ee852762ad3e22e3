import type { ReadingDelta } from '@thermostream/avro';
import { ExactDecimalSum } from '@thermostream/readings';

/**
 * A batch's deltas netted to one per region, hour and kind: its count of readings and the exact sum of
 * their temperatures. The aggregates need nothing else, and a backlog's batch then stages and relays a
 * few dozen deltas instead of one per reading.
 */
export function netDeltas(deltas: readonly ReadingDelta[]): ReadingDelta[] {
  // Keyed region → hour → kind rather than by a joined string: no string is built per reading.
  const byRegion = new Map<string, Map<number, Partial<Record<ReadingDelta['kind'], NetGroup>>>>();
  const groups: NetGroup[] = [];
  for (const delta of deltas) {
    let byHour = byRegion.get(delta.region_code);
    if (byHour === undefined) byRegion.set(delta.region_code, (byHour = new Map()));
    let byKind = byHour.get(delta.hour);
    if (byKind === undefined) byHour.set(delta.hour, (byKind = {}));
    let group = byKind[delta.kind];
    if (group === undefined) {
      const net: ReadingDelta = { reading_id: '', version: null, region_code: delta.region_code, hour: delta.hour, kind: delta.kind, temperature: 0, point_count: 0, temperature_sum: null };
      groups.push((group = byKind[delta.kind] = { net, sum: new ExactDecimalSum() }));
    }
    group.net.point_count += delta.point_count;
    group.sum.add(delta.temperature_sum ?? delta.temperature);
  }
  return groups.map(({ net, sum }) => {
    const temperatureSum = sum.toString();
    return { ...net, temperature: Number(temperatureSum), temperature_sum: temperatureSum };
  });
}

interface NetGroup {
  net: ReadingDelta;
  sum: ExactDecimalSum;
}
