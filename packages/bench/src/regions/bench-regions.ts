import { createRegionAssigner, type RegionAssigner, type RegionMode } from '@thermostream/regions';
import { seededRandom } from '../reading-generator.ts';

/** France and a margin of every neighbour and sea around it. */
const area = { south: 40.5, north: 52.5, west: -6.5, east: 11.5 };

export interface RegionsBenchReport {
  points: number;
  rounds: number;
  results: { mode: RegionMode; pointsPerSecond: number; inARegion: number }[];
  bboxOverPolygon: number;
}

/**
 * Region assignment on this process's one core: polygon mode and bbox mode over the same random
 * points spread over France and its neighbours; the median points/s of the rounds and their ratio.
 */
export function benchRegions(options: { points: number; rounds: number; seed: number }): RegionsBenchReport {
  const { points: pointCount, rounds } = options;
  const random = seededRandom(options.seed);
  const lats = new Float64Array(pointCount);
  const lons = new Float64Array(pointCount);
  for (let index = 0; index < pointCount; index += 1) {
    lats[index] = area.south + random() * (area.north - area.south);
    lons[index] = area.west + random() * (area.east - area.west);
  }
  const modes: RegionMode[] = ['polygon', 'bbox'];
  const results = modes.map((mode) => {
    const assign = createRegionAssigner({ mode });
    run(assign, lats, lons); // warm-up: let the JIT compile the hot path before timing it
    const rates: number[] = [];
    let assigned = 0;
    for (let round = 0; round < rounds; round += 1) {
      const started = process.hrtime.bigint();
      assigned = run(assign, lats, lons);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      rates.push(pointCount / seconds);
    }
    return { mode, pointsPerSecond: Math.round(median(rates)), inARegion: assigned / pointCount };
  });
  const [polygon, bbox] = results as [(typeof results)[number], (typeof results)[number]];
  return { points: pointCount, rounds, results, bboxOverPolygon: Number((bbox.pointsPerSecond / polygon.pointsPerSecond).toFixed(2)) };
}

export function renderRegionsBenchReport(report: RegionsBenchReport): string {
  return [
    ...report.results.map(
      (result) =>
        `${result.mode.padEnd(8)} ${(result.pointsPerSecond / 1e6).toFixed(2)} M points/s (median of ${report.rounds} rounds of ${report.points} points; ${(result.inARegion * 100).toFixed(1)}% in a region)`,
    ),
    `bbox / polygon: ${report.bboxOverPolygon}x`,
  ].join('\n');
}

function run(assign: RegionAssigner, lats: Float64Array, lons: Float64Array): number {
  let assigned = 0;
  for (let index = 0; index < lats.length; index += 1) if (assign(lats[index]!, lons[index]!) !== null) assigned += 1;
  return assigned;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
