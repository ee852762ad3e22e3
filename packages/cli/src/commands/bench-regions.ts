import { benchRegions, renderRegionsBenchReport } from '@thermostream/bench';
import { declareCommand } from '../command-line.ts';

const command = declareCommand({
  name: 'thermo bench regions',
  summary: `Region assignment on this process's one core: polygon mode and bbox mode over the same random
points spread over France and its neighbours; prints the median points/s of R rounds and the ratio.`,
  options: {
    points: { type: 'string', placeholder: 'N', description: 'random points a round', default: '2000000' },
    rounds: { type: 'string', placeholder: 'R', description: 'rounds of each mode', default: '7' },
    seed: { type: 'string', placeholder: 'S', description: 'seed of the random points', default: '1' },
    json: { type: 'boolean', description: 'the report as JSON' },
  },
});

export async function benchRegionsCommand(args: string[]): Promise<void> {
  const parsed = command.parse(args);
  if (!parsed) return;
  const { values } = parsed;
  const report = benchRegions({
    points: command.positiveInteger(values.points, 'points'),
    rounds: command.positiveInteger(values.rounds, 'rounds'),
    seed: command.positiveInteger(values.seed, 'seed'),
  });
  console.log(values.json ? JSON.stringify(report, null, 2) : renderRegionsBenchReport(report));
}
