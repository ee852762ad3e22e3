import { existsSync, readFileSync } from 'node:fs';
import type { ServiceName } from '@thermostream/config';
import type { CliConfig } from '../cli-config.js';
import { readDesiredScale, scalableServices, scaleFile, writeDesiredScale } from '../scaling.js';
import { pipelinePidFile } from './start.js';

const usage = `thermo scale [<service> <instances>]
  Runs <instances> members of the service's consumer group under \`pnpm start\` (applied within a
  second, and kept for the next start). Services: ${scalableServices.join(', ')}.
  Without arguments, prints the instance counts asked for.`;

export async function scaleCommand(args: string[], config: CliConfig): Promise<void> {
  const file = scaleFile(config.dataDir);
  const desired = readDesiredScale(file);
  const [service, count] = args;
  if (service === undefined) {
    console.log(JSON.stringify(Object.fromEntries(scalableServices.map((name) => [name, desired[name] ?? 1])), null, 2));
    return;
  }
  if (service === '--help') {
    console.log(usage);
    return;
  }
  if (!scalableServices.includes(service as ServiceName)) throw new Error(`${service} does not scale by consumer group\n${usage}`);
  const instances = Number(count);
  if (!Number.isInteger(instances) || instances < 1 || instances > 64) throw new Error(`instances must be an integer from 1 to 64\n${usage}`);
  writeDesiredScale(file, { ...desired, [service]: instances });
  const pid = pipelineRunning(config.dataDir);
  console.log(
    pid === undefined
      ? `${service}: ${instances} instance(s) at the next pnpm start`
      : `${service}: ${instances} instance(s); the running pipeline (pid ${pid}) applies it within a second. ` +
          'Instances beyond the topic partition count (6) stay idle members of the group.',
  );
}

function pipelineRunning(dataDir: string): number | undefined {
  const file = pipelinePidFile(dataDir);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}
