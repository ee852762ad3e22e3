import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** ISO 3166-2 codes of the 13 metropolitan regions. */
export type RegionCode =
  | 'FR-IDF' | 'FR-CVL' | 'FR-BFC' | 'FR-NOR' | 'FR-HDF' | 'FR-GES' | 'FR-PDL'
  | 'FR-BRE' | 'FR-NAQ' | 'FR-OCC' | 'FR-ARA' | 'FR-PAC' | 'FR-COR';

export const isoCodeByInseeCode: Readonly<Record<string, RegionCode>> = {
  '11': 'FR-IDF', '24': 'FR-CVL', '27': 'FR-BFC', '28': 'FR-NOR', '32': 'FR-HDF', '44': 'FR-GES', '52': 'FR-PDL',
  '53': 'FR-BRE', '75': 'FR-NAQ', '76': 'FR-OCC', '84': 'FR-ARA', '93': 'FR-PAC', '94': 'FR-COR',
};

/** A closed ring of [lon, lat] points. */
export type Ring = readonly (readonly [number, number])[];

export interface BoundingBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export interface Region {
  code: RegionCode;
  name: string;
  /** Every ring of every polygon, outer boundaries and holes alike: even-odd counting needs no distinction. */
  rings: Ring[];
  bbox: BoundingBox;
}

export const bundledBoundaries = fileURLToPath(new URL('../data/regions-fr.geojson', import.meta.url));

interface Feature {
  properties: { code: string; nom: string };
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
}

/** Reads a GeoJSON FeatureCollection with INSEE codes in `code` and French names in `nom`. */
export function loadRegions(path: string = bundledBoundaries): Region[] {
  const collection = JSON.parse(readFileSync(path, 'utf8')) as { features: Feature[] };
  return collection.features.map((feature) => {
    const code = isoCodeByInseeCode[feature.properties.code];
    if (!code) throw new Error(`${path}: unknown INSEE region code ${feature.properties.code}`);
    const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    const rings = polygons.flat().map((ring) => ring.map(([lon, lat]) => [lon!, lat!] as const));
    return { code, name: feature.properties.nom, rings, bbox: boundingBox(rings) };
  });
}

function boundingBox(rings: readonly Ring[]): BoundingBox {
  const box = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  for (const ring of rings) {
    for (const [lon, lat] of ring) {
      box.minLon = Math.min(box.minLon, lon);
      box.maxLon = Math.max(box.maxLon, lon);
      box.minLat = Math.min(box.minLat, lat);
      box.maxLat = Math.max(box.maxLat, lat);
    }
  }
  return box;
}

/** Even-odd ray casting over every ring: the reference the indexed assigner is tested against. */
export function ringsContain(rings: readonly Ring[], lon: number, lat: number): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}
