import { parseArgs } from 'node:util';
import { createRegionAssigner, type RegionAssigner, type RegionMode } from '@thermostream/regions';
import { seededRandom } from '../reading-generator.ts';
import { positiveInteger } from './options.ts';

const usage = `thermo bench regions [--points N] [--rounds R] [--seed S] [--json]
  Region assignment on this process's one core: polygon mode and bbox mode over the same random
  points spread over France and its neighbours; prints the median points/s of R rounds and the ratio.`;

/** France and a margin of every neighbour and sea around it. */
const area = { south: 40.5, north: 52.5, west: -6.5, east: 11.5 };

export async function benchRegionsCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      points: { type: 'string', default: '2000000' },
      rounds: { type: 'string', default: '7' },
      seed: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const pointCount = positiveInteger(values.points, 'points', usage);
  const rounds = positiveInteger(values.rounds, 'rounds', usage);
  const random = seededRandom(positiveInteger(values.seed, 'seed', usage));
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
  const report = { points: pointCount, rounds, results, bboxOverPolygon: Number((bbox.pointsPerSecond / polygon.pointsPerSecond).toFixed(2)) };
  if (values.json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  for (const result of results) {
    console.log(
      `${result.mode.padEnd(8)} ${(result.pointsPerSecond / 1e6).toFixed(2)} M points/s (median of ${rounds} rounds of ${pointCount} points; ${(result.inARegion * 100).toFixed(1)}% in a region)`,
    );
  }
  console.log(`bbox / polygon: ${report.bboxOverPolygon}x`);
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
