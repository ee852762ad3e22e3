import type { ServiceName } from '@thermostream/config';
import { pipelineScope } from '@thermostream/pipeline';
import { runningPid } from '@thermostream/stack';
import type { CliConfig } from '../cli-config.ts';
import { declareCommand } from '../command-line.ts';
import { readDesiredScale, scalableServices, writeDesiredScale } from '../scaling.ts';

const command = declareCommand({
  name: 'thermo scale',
  positionals: '[<service> <instances>]',
  summary: `Runs <instances> members of the service's consumer group under \`pnpm start\` (or, with
--namespace, under \`thermo start --namespace NS\`); applied within a second, and kept for the next
start. Services: ${scalableServices.join(', ')}.
Without a service, prints the instance counts asked for.`,
  options: {
    namespace: { type: 'string', placeholder: 'NS', description: 'the second model to scale (default: the product\'s own pipeline)', default: '' },
  },
});

export async function scaleCommand(args: string[], config: CliConfig): Promise<void> {
  const parsed = command.parse(args);
  if (!parsed) return;
  const { values, positionals } = parsed;
  const scope = pipelineScope(config, values.namespace);
  const services = scalableServices.filter((name) => scope.services.includes(name));
  const desired = readDesiredScale(scope.scaleFile);
  const [service, count] = positionals;
  if (service === undefined) {
    console.log(JSON.stringify(Object.fromEntries(services.map((name) => [name, desired[name] ?? 1])), null, 2));
    return;
  }
  if (!services.includes(service as ServiceName)) throw command.usageError(`${service} does not scale by consumer group here`);
  const instances = Number(count);
  if (!Number.isInteger(instances) || instances < 1 || instances > 64) throw command.usageError('instances must be an integer from 1 to 64');
  writeDesiredScale(scope.scaleFile, { ...desired, [service]: instances });
  const pid = runningPid(scope.pidFile);
  console.log(
    pid === undefined
      ? `${service}: ${instances} instance(s) at the next start`
      : `${service}: ${instances} instance(s); the running pipeline (pid ${pid}) applies it within a second. ` +
          'Instances beyond the topic partition count (6) stay idle members of the group.',
  );
}
