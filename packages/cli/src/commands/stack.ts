import { consumerHealth, describeEndpoints, pipelineScope, readSupervisorState } from '@thermostream/pipeline';
import { stackDown, stackEndpoints, stackStatus, stackUp, type StackEndpoints } from '@thermostream/stack';
import { serviceNames, type ServiceName } from '@thermostream/config';
import { stackOptionsOf, type CliConfig } from '../cli-config.ts';
import { declareCommand } from '../command-line.ts';

export const stackActions = ['up', 'down', 'status'] as const;

const command = declareCommand({
  name: 'thermo stack',
  positionals: stackActions.join('|'),
  summary: `up      starts what is not running (after a crash: only the dead components)
down    stops Kafka, the registry and PostgreSQL, and checks no port is left
status  what runs, every endpoint, and each service's consumer, lag and restarts`,
  options: {
    brokers: {
      type: 'string',
      placeholder: 'N',
      description: `with up: Kafka brokers of a new stack (default 1; 3 for a real cluster on ports 19092, 19094, 19096);
a stack keeps the count it was first started with`,
    },
    secure: {
      type: 'boolean',
      description: `with up: a new stack whose brokers take only SASL_SSL: SCRAM-SHA-512 users (admin, partner, one per
service) and ACLs; its CA and passwords are under THERMO_HOME/security (docs/security.md)`,
    },
    json: { type: 'boolean', description: 'with status: the report as JSON' },
  },
});

export function describeEndpointsFor(
  config: CliConfig,
  endpoints: StackEndpoints = stackEndpoints(stackOptionsOf(config)),
  ports?: Partial<Record<ServiceName, number>>,
) {
  return describeEndpoints({ endpoints, namespace: '', archiveDir: config.archiveDir, lakeDir: config.lakeDir, apiKey: config.ingestApiKey, ...(ports ? { ports } : {}) });
}

export async function stackCommand(args: string[], config: CliConfig): Promise<void> {
  const parsed = command.parse(args);
  if (!parsed) return;
  const { values, positionals } = parsed;
  const [action] = positionals;
  const brokers = values.brokers === undefined ? undefined : command.positiveInteger(values.brokers, 'brokers');
  if (brokers !== undefined && action !== 'up') throw command.usageError('--brokers goes with stack up');
  if (values.secure && action !== 'up') throw command.usageError('--secure goes with stack up');
  const options = stackOptionsOf(config, { ...(brokers === undefined ? {} : { brokers }), ...(values.secure ? { secure: true } : {}) });
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
      await printStatus(config, values.json);
      return;
    default:
      throw command.usageError(`unknown stack action ${action ?? '(none)'}`);
  }
}

async function printStatus(config: CliConfig, json: boolean): Promise<void> {
  const status = await stackStatus(stackOptionsOf(config));
  const supervisor = readSupervisorState(pipelineScope(config, '').stateFile);
  // A supervised pipeline may run on other ports (thermo start --port-offset).
  const supervisedPorts = Object.fromEntries((supervisor?.instances ?? []).filter((instance) => instance.instance === 0).map((instance) => [instance.service, instance.port]));
  const endpoints = describeEndpointsFor(config, status.endpoints, supervisedPorts);
  const services = await Promise.all(
    serviceNames.map(async (service) => {
      const supervised = supervisor?.instances.filter((instance) => instance.service === service) ?? [];
      const metricsUrl = endpoints.metricsUrls[service]!;
      const exposition = await fetchText(metricsUrl);
      return {
        name: service,
        up: exposition !== undefined,
        metricsUrl,
        // http-ingest consumes nothing: it has no consumer to report on.
        consumer: service === 'http-ingest' ? null : consumerHealth(exposition),
        supervisorRestarts: supervisor ? supervised.reduce((total, instance) => total + instance.restarts, 0) : ('unknown' as const),
      };
    }),
  );
  const report = {
    ...endpoints,
    dataDir: config.dataDir,
    components: status.components.map(({ name, up, endpoint, logFile, pid }) => ({ name, up, endpoint, logFile, pid })),
    services,
    supervisor: supervisor ? { pid: supervisor.pid, instances: supervisor.instances } : null,
  };
  if (json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  for (const component of report.components) {
    console.log(`${component.up ? 'up  ' : 'down'}  ${component.name.padEnd(20)} ${component.endpoint}`);
  }
  for (const service of services) {
    const health = service.consumer;
    const consumer = health
      ? `  consumer ${health.consumerRunning === 'unknown' ? 'unknown' : health.consumerRunning ? 'running' : 'NOT running'}, ` +
        `lag ${health.lagRecords}, consumer restarts ${health.consumerRestarts},`
      : '';
    console.log(`${service.up ? 'up  ' : 'down'}  ${service.name.padEnd(20)} ${service.metricsUrl}${consumer} process restarts ${service.supervisorRestarts}`);
  }
  if (report.kafkaSecurity) {
    console.log(`kafka: ${report.kafkaSecurity.protocol} ${report.kafkaSecurity.mechanism}, CA ${report.kafkaSecurity.caFile}, admin password in ${report.kafkaSecurity.passwordFiles.admin}`);
  }
  console.log(`ingest: ${report.ingestUrl}  (X-API-Key: ${report.ingestApiKey})`);
  console.log(`archive: ${report.archivePath}`);
  console.log(`lake: ${report.lakePath}`);
  console.log(supervisor ? `supervisor: thermo start, pid ${supervisor.pid}` : 'supervisor: not running (pnpm start is not running)');
}

async function fetchText(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return response.ok ? await response.text() : undefined;
  } catch {
    return undefined;
  }
}
