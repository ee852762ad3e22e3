import { stackDown, stackEndpoints, stackStatus, stackUp, type StackEndpoints } from '@thermostream/stack';
import { serviceNames } from '@thermostream/config';
import { stackOptionsOf, type CliConfig } from '../cli-config.ts';
import { describeEndpoints } from '../pipeline.ts';

const usage = 'thermo stack up|down|status [--json]';

export function describeEndpointsFor(config: CliConfig, endpoints: StackEndpoints = stackEndpoints(stackOptionsOf(config))) {
  return describeEndpoints({ endpoints, namespace: '', archiveDir: config.archiveDir, apiKey: config.ingestApiKey });
}

export async function stackCommand(args: string[], config: CliConfig): Promise<void> {
  const [action, ...flags] = args;
  const json = flags.includes('--json');
  const options = stackOptionsOf(config);
  switch (action) {
    case 'up': {
      const endpoints = await stackUp(options);
      console.log(JSON.stringify(describeEndpointsFor(config, endpoints), null, 2));
      return;
    }
    case 'down':
      await stackDown(options);
      console.error('stack stopped');
      return;
    case 'status':
      await printStatus(config, json);
      return;
    default:
      throw new Error(`unknown stack action ${action ?? '(none)'}; usage: ${usage}`);
  }
}

async function printStatus(config: CliConfig, json: boolean): Promise<void> {
  const status = await stackStatus(stackOptionsOf(config));
  const endpoints = describeEndpointsFor(config, status.endpoints);
  const services = await Promise.all(
    serviceNames.map(async (service) => {
      const metricsUrl = endpoints.metricsUrls[service]!;
      return { name: service, up: await answers(metricsUrl.replace(/\/metrics$/, '/healthz')), metricsUrl };
    }),
  );
  const report = {
    ...endpoints,
    components: status.components.map(({ name, up, endpoint, logFile, pid }) => ({ name, up, endpoint, logFile, pid })),
    services,
  };
  if (json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  for (const component of report.components) {
    console.log(`${component.up ? 'up  ' : 'down'}  ${component.name.padEnd(20)} ${component.endpoint}`);
  }
  for (const service of services) {
    console.log(`${service.up ? 'up  ' : 'down'}  ${service.name.padEnd(20)} ${service.metricsUrl}`);
  }
  console.log(`ingest: ${report.ingestUrl}  (X-API-Key: ${report.ingestApiKey})`);
  console.log(`archive: ${report.archivePath}`);
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}
