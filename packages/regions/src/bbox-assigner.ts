import type { Region, RegionCode } from './regions.ts';

/**
 * The order in which bbox mode tries the regions' rectangles: smallest rectangle first, so a region
 * whose rectangle lies inside a larger one's (Île-de-France in Centre-Val de Loire's) is not hidden.
 * regions.test.ts checks it is the ascending order of rectangle areas in the bundled data.
 */
export const bboxOrder: readonly RegionCode[] = [
  'FR-COR', 'FR-IDF', 'FR-HDF', 'FR-BRE', 'FR-NOR', 'FR-PAC', 'FR-CVL',
  'FR-PDL', 'FR-BFC', 'FR-GES', 'FR-ARA', 'FR-OCC', 'FR-NAQ',
];

/** The original simplification: a region is its bounding rectangle; the first match in `bboxOrder` wins. */
export function createBboxAssigner(regions: readonly Region[]) {
  const ordered = bboxOrder.map((code) => {
    const region = regions.find((candidate) => candidate.code === code);
    if (!region) throw new Error(`region ${code} is missing from the boundaries`);
    return region;
  });
  return (lat: number, lon: number): RegionCode | null => {
    for (const { code, bbox } of ordered) {
      if (lat >= bbox.minLat && lat <= bbox.maxLat && lon >= bbox.minLon && lon <= bbox.maxLon) return code;
    }
    return null;
  };
}
