import type { ReadingDelta } from '@thermostream/avro';
import { ExactDecimalSum } from '@thermostream/readings';

type Kind = ReadingDelta['kind'];

/**
 * A batch's deltas netted as they are decided, to one per region, hour and kind: its count of
 * readings and the exact sum of their temperatures. The aggregates need nothing else, so a backlog's
 * batch stages and relays a few dozen deltas instead of one per reading, and no object is made per
 * reading on the way.
 */
export class NetDeltas {
  // Keyed region → hour → kind rather than by a joined string: no string is built per reading.
  readonly #byRegion = new Map<string, Map<number, Partial<Record<Kind, NetGroup>>>>();
  readonly #groups: NetGroup[] = [];

  add(kind: Kind, regionCode: string, hour: number, temperature: number): void {
    let byHour = this.#byRegion.get(regionCode);
    if (byHour === undefined) this.#byRegion.set(regionCode, (byHour = new Map()));
    let byKind = byHour.get(hour);
    if (byKind === undefined) byHour.set(hour, (byKind = {}));
    let group = byKind[kind];
    if (group === undefined) this.#groups.push((group = byKind[kind] = { regionCode, hour, kind, count: 0, sum: new ExactDecimalSum() }));
    group.count += 1;
    group.sum.add(temperature);
  }

  /** One delta per region, hour and kind, in the order each was first added. */
  deltas(): ReadingDelta[] {
    return this.#groups.map(({ regionCode, hour, kind, count, sum }) => {
      const temperatureSum = sum.toString();
      return { reading_id: '', version: null, region_code: regionCode, hour, kind, temperature: Number(temperatureSum), point_count: count, temperature_sum: temperatureSum };
    });
  }
}

interface NetGroup {
  regionCode: string;
  hour: number;
  kind: Kind;
  count: number;
  sum: ExactDecimalSum;
}
