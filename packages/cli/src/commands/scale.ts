import { parseArgs } from 'node:util';
import type { ServiceName } from '@thermostream/config';
import { runningPid } from '@thermostream/stack';
import type { CliConfig } from '../cli-config.ts';
import { pipelineScope } from '../pipeline-scope.ts';
import { readDesiredScale, scalableServices, writeDesiredScale } from '../scaling.ts';

const usage = `thermo scale [--namespace NS] [<service> <instances>]
  Runs <instances> members of the service's consumer group under \`pnpm start\` (or, with
  --namespace, under \`thermo start --namespace NS\`); applied within a second, and kept for the next
  start. Services: ${scalableServices.join(', ')}.
  Without a service, prints the instance counts asked for.`;

export async function scaleCommand(args: string[], config: CliConfig): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { namespace: { type: 'string', default: '' }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const scope = pipelineScope(config, values.namespace);
  const services = scalableServices.filter((name) => scope.services.includes(name));
  const desired = readDesiredScale(scope.scaleFile);
  const [service, count] = positionals;
  if (service === undefined) {
    console.log(JSON.stringify(Object.fromEntries(services.map((name) => [name, desired[name] ?? 1])), null, 2));
    return;
  }
  if (!services.includes(service as ServiceName)) throw new Error(`${service} does not scale by consumer group here\n${usage}`);
  const instances = Number(count);
  if (!Number.isInteger(instances) || instances < 1 || instances > 64) throw new Error(`instances must be an integer from 1 to 64\n${usage}`);
  writeDesiredScale(scope.scaleFile, { ...desired, [service]: instances });
  const pid = runningPid(scope.pidFile);
  console.log(
    pid === undefined
      ? `${service}: ${instances} instance(s) at the next start`
      : `${service}: ${instances} instance(s); the running pipeline (pid ${pid}) applies it within a second. ` +
          'Instances beyond the topic partition count (6) stay idle members of the group.',
  );
}
