import { mkdirSync } from 'node:fs';
import { startKafka } from './kafka.ts';
import { stackLayout, type ComponentName } from './layout.ts';
import { requireJava } from './maven.ts';
import { postgresCredentials, startPostgres } from './postgres.ts';
import { runningPid, stopProcess } from './processes.ts';
import { portAcceptsConnections } from './readiness.ts';
import { compatibilityApiPath, startRegistry } from './registry.ts';

// A test that must crash a broker starts a private one, so the shared stack is never disturbed.
export { startKafka, type KafkaPorts } from './kafka.ts';
export { stackLayout, type StackLayout } from './layout.ts';
export { runningPid, stopProcess } from './processes.ts';

export interface StackOptions {
  dataDir: string;
  /** Human progress lines (what is being downloaded or started). */
  log?: (line: string) => void;
}

export interface ComponentStatus {
  name: ComponentName;
  up: boolean;
  pid?: number;
  endpoint: string;
  logFile: string;
}

export interface StackEndpoints {
  kafkaBrokers: string[];
  schemaRegistryUrl: string;
  /** The role that owns the pipeline's tables. */
  postgresUrl: string;
  /** The superuser, same database: for set-up and tests that create roles. */
  postgresAdminUrl: string;
  /** The read-only role for analysts. */
  postgresAnalystUrl: string;
}

export const defaultStackPorts = { kafka: 19092, kafkaController: 19093, registry: 18081, postgres: 15432 } as const;

const host = '127.0.0.1';

/** The endpoints of the stack, known without asking it. */
export function stackEndpoints(): StackEndpoints {
  const { superuser, superuserPassword, owner, ownerPassword, database, analyst, analystPassword } = postgresCredentials;
  return {
    kafkaBrokers: [`${host}:${defaultStackPorts.kafka}`],
    schemaRegistryUrl: `http://${host}:${defaultStackPorts.registry}${compatibilityApiPath}`,
    postgresUrl: `postgres://${owner}:${ownerPassword}@${host}:${defaultStackPorts.postgres}/${database}`,
    postgresAdminUrl: `postgres://${superuser}:${superuserPassword}@${host}:${defaultStackPorts.postgres}/${database}`,
    postgresAnalystUrl: `postgres://${analyst}:${analystPassword}@${host}:${defaultStackPorts.postgres}/${database}`,
  };
}

const startOrder: readonly ComponentName[] = ['postgres', 'kafka', 'registry'];

/** Starts what is not running yet, in dependency order, each awaited until it answers. */
export async function stackUp(options: StackOptions): Promise<StackEndpoints> {
  const log = options.log ?? (() => undefined);
  const layout = stackLayout(options.dataDir);
  mkdirSync(layout.logDir, { recursive: true });
  await requireJava();
  await refuseForeignListeners(layout);
  const started = Date.now();
  await startPostgres(layout, defaultStackPorts.postgres, log);
  await startKafka(layout, { broker: defaultStackPorts.kafka, controller: defaultStackPorts.kafkaController }, log);
  await startRegistry(layout, { registry: defaultStackPorts.registry, postgres: defaultStackPorts.postgres }, log);
  log(`stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return stackEndpoints();
}

const componentPorts: Record<ComponentName, number[]> = {
  postgres: [defaultStackPorts.postgres],
  kafka: [defaultStackPorts.kafka, defaultStackPorts.kafkaController],
  registry: [defaultStackPorts.registry],
};

/** A port held by a process this stack did not start (another checkout's stack, say) would make a start hang. */
async function refuseForeignListeners(layout: ReturnType<typeof stackLayout>): Promise<void> {
  for (const component of startOrder) {
    if (runningPid(layout.pidFile(component)) !== undefined) continue;
    for (const port of componentPorts[component]) {
      if (await portAcceptsConnections(host, port)) {
        throw new Error(`${component}: port ${port} is already in use by a process this stack (${layout.dataDir}) did not start; stop it first`);
      }
    }
  }
}

/** Stops every component in reverse order and checks that no port is left listening. */
export async function stackDown(options: StackOptions): Promise<void> {
  const layout = stackLayout(options.dataDir);
  for (const component of [...startOrder].reverse()) {
    await stopProcess(layout.pidFile(component), 30_000);
  }
  const stillOpen = [];
  for (const port of Object.values(componentPorts).flat()) if (await portAcceptsConnections(host, port)) stillOpen.push(port);
  if (stillOpen.length > 0) {
    throw new Error(`ports still listening after stop: ${stillOpen.join(', ')} (a process this stack did not start?)`);
  }
}

export async function stackStatus(options: StackOptions): Promise<{ components: ComponentStatus[]; endpoints: StackEndpoints }> {
  const layout = stackLayout(options.dataDir);
  const endpoints = stackEndpoints();
  const endpointOf: Record<ComponentName, string> = {
    postgres: endpoints.postgresUrl,
    kafka: endpoints.kafkaBrokers.join(','),
    registry: endpoints.schemaRegistryUrl,
  };
  const components = startOrder.map((name) => {
    const pid = runningPid(layout.pidFile(name));
    return { name, up: pid !== undefined, ...(pid !== undefined ? { pid } : {}), endpoint: endpointOf[name], logFile: layout.logFile(name) };
  });
  return { components, endpoints };
}
