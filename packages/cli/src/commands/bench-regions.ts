import { parseArgs } from 'node:util';
import { benchRegions, renderRegionsBenchReport } from '@thermostream/bench';
import { positiveInteger } from './options.ts';

const usage = `thermo bench regions [--points N] [--rounds R] [--seed S] [--json]
  Region assignment on this process's one core: polygon mode and bbox mode over the same random
  points spread over France and its neighbours; prints the median points/s of R rounds and the ratio.`;

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
  const report = benchRegions({
    points: positiveInteger(values.points, 'points', usage),
    rounds: positiveInteger(values.rounds, 'rounds', usage),
    seed: positiveInteger(values.seed, 'seed', usage),
  });
  console.log(values.json ? JSON.stringify(report, null, 2) : renderRegionsBenchReport(report));
}
