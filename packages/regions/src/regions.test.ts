import { bboxOrder, createBboxAssigner, createPolygonAssigner, hourBucket, loadRegions, regionHourKey, ringsContain } from './index.ts';

const regions = loadRegions();
const polygon = createPolygonAssigner(regions);
const bbox = createBboxAssigner(regions);

describe('polygon mode', () => {
  it.each([
    ['Paris', 48.8566, 2.3522, 'FR-IDF'],
    ['Lyon', 45.764, 4.8357, 'FR-ARA'],
    ['Dijon', 47.322, 5.0415, 'FR-BFC'],
    ['Rennes', 48.1173, -1.6778, 'FR-BRE'],
    ['Orléans', 47.9029, 1.9093, 'FR-CVL'],
    ['Ajaccio', 41.9192, 8.7386, 'FR-COR'],
    ['Strasbourg', 48.5734, 7.7521, 'FR-GES'],
    ['Lille', 50.6292, 3.0573, 'FR-HDF'],
    ['Rouen', 49.4432, 1.0999, 'FR-NOR'],
    ['Bordeaux', 44.8378, -0.5792, 'FR-NAQ'],
    ['Toulouse', 43.6047, 1.4442, 'FR-OCC'],
    ['Nantes', 47.2184, -1.5536, 'FR-PDL'],
    ['Marseille', 43.2965, 5.3698, 'FR-PAC'],
  ])('puts %s in its region', (_city, lat, lon, code) => {
    expect(polygon(lat, lon)).toBe(code);
  });

  it.each([
    ['the Bay of Biscay', 45.5, -3.0],
    ['the Mediterranean', 42.5, 5.5],
    ['the English Channel', 50.0, -1.0],
    ['Brussels', 50.8503, 4.3517],
    ['Geneva', 46.2044, 6.1432],
    ['Barcelona', 41.3874, 2.1686],
    ['Turin', 45.0703, 7.6869],
    ['Luxembourg', 49.6116, 6.1319],
    ['Basel', 47.5596, 7.5886],
  ])('puts %s in no region', (_place, lat, lon) => {
    expect(polygon(lat, lon)).toBeNull();
  });

  it('agrees with brute-force ray casting over the full boundaries on seeded random points', () => {
    let state = 12345;
    const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const disagreements: string[] = [];
    for (let n = 0; n < 3000; n++) {
      const lat = 41 + random() * 10.5;
      const lon = -5.5 + random() * 15.5;
      const expected = regions.find((region) => ringsContain(region.rings, lon, lat))?.code ?? null;
      if (polygon(lat, lon) !== expected) disagreements.push(`${lat},${lon}: ${polygon(lat, lon)} vs ${expected}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('decides points a few metres either side of a border between two regions', () => {
    // On the Paris–Orly road, the IDF/CVL border is far; use points sampled on a real shared edge instead.
    const idf = regions.find((region) => region.code === 'FR-IDF')!;
    const ring = idf.rings[0]!;
    let checked = 0;
    for (let i = 0; i < ring.length - 1 && checked < 200; i += 7, checked++) {
      const [x1, y1] = ring[i]!;
      const [x2, y2] = ring[i + 1]!;
      const [mx, my] = [(x1 + x2) / 2, (y1 + y2) / 2];
      const [nx, ny] = [-(y2 - y1), x2 - x1];
      const length = Math.hypot(nx, ny) || 1;
      for (const side of [1, -1]) {
        const lon = mx + (side * nx * 1e-5) / length;
        const lat = my + (side * ny * 1e-5) / length;
        const expected = regions.find((region) => ringsContain(region.rings, lon, lat))?.code ?? null;
        expect(polygon(lat, lon)).toBe(expected);
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('bbox mode', () => {
  it('tries rectangles smallest first, the documented order', () => {
    const area = (code: string) => {
      const { bbox: box } = regions.find((region) => region.code === code)!;
      return (box.maxLon - box.minLon) * (box.maxLat - box.minLat);
    };
    expect([...bboxOrder]).toEqual([...bboxOrder].sort((a, b) => area(a) - area(b)));
    expect(new Set(bboxOrder).size).toBe(13);
  });

  it('gives a point inside two rectangles to the first in the order', () => {
    // Paris lies in the rectangles of Île-de-France and of Centre-Val de Loire (and others).
    expect(bbox(48.8566, 2.3522)).toBe('FR-IDF');
  });

  it('assigns a point at sea inside a rectangle, the simplification it reproduces', () => {
    expect(bbox(45.5, -1.5)).not.toBeNull();
    expect(bbox(52.52, 13.405)).toBeNull();
  });
});

describe('keys', () => {
  it('truncates to the UTC hour and keys by region and hour', () => {
    const hour = hourBucket(Date.UTC(2026, 10, 24, 10, 59, 59, 999));
    expect(hour).toBe(Date.UTC(2026, 10, 24, 10));
    expect(regionHourKey('FR-IDF', hour)).toBe('FR-IDF|2026-11-24T10:00:00.000Z');
  });

  it('gives the same keys again after more hours than it keeps', () => {
    const first = Date.UTC(2026, 0, 1);
    const hours = Array.from({ length: 10_050 }, (_, n) => first + n * 3_600_000);
    for (const each of hours) regionHourKey('FR-BRE', each);
    expect(regionHourKey('FR-BRE', hours[3]!)).toBe(`FR-BRE|${new Date(hours[3]!).toISOString()}`);
    expect(regionHourKey(null, hours[10_049]!)).toBe(`none|${new Date(hours[10_049]!).toISOString()}`);
  });
});
