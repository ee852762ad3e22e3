import { createBboxAssigner } from './bbox-assigner.ts';
import { createPolygonAssigner } from './polygon-assigner.ts';
import { loadRegions, type Region, type RegionCode } from './regions.ts';

export { bboxOrder } from './bbox-assigner.ts';
export { bundledBoundaries, isoCodeByInseeCode, loadRegions, ringsContain, type Region, type RegionCode } from './regions.ts';
export { createBboxAssigner, createPolygonAssigner };

export type RegionMode = 'polygon' | 'bbox';

/** Finds the region of a point, or null at sea and abroad. */
export type RegionAssigner = (lat: number, lon: number) => RegionCode | null;

export function createRegionAssigner(options: { mode: RegionMode; regions?: readonly Region[] }): RegionAssigner {
  const regions = options.regions ?? loadRegions();
  return options.mode === 'bbox' ? createBboxAssigner(regions) : createPolygonAssigner(regions);
}

/** Truncates an instant to its UTC hour. */
export function hourBucket(epochMillis: number): number {
  return epochMillis - (((epochMillis % 3_600_000) + 3_600_000) % 3_600_000);
}

/** The region part of a key for readings in no region (abroad, at sea). */
export const noRegionKey = 'none';

/** The Kafka key of readings.regional and readings.changes: one region (or none), one hour. */
export function regionHourKey(regionCode: string | null, hour: number): string {
  let keysOfHour = keysByHour.get(hour);
  if (keysOfHour === undefined) {
    if (keysByHour.size >= 10_000) keysByHour.clear();
    keysOfHour = new Map();
    keysByHour.set(hour, keysOfHour);
  }
  const region = regionCode ?? noRegionKey;
  let key = keysOfHour.get(region);
  if (key === undefined) {
    key = `${region}|${new Date(hour).toISOString()}`;
    keysOfHour.set(region, key);
  }
  return key;
}

/**
 * Keys are needed for every reading, and a batch spans few regions and hours: each key is built once,
 * and the same string then comes back, already hashed where it was used as a Map key.
 */
const keysByHour = new Map<number, Map<string, string>>();
