import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stackSecurityOf, type StackSecurity } from './credentials.ts';
import { kafkaClusterNodes, startKafkaCluster } from './kafka.ts';
import { kafkaNodeName, stackLayout, type ComponentName, type StackLayout } from './layout.ts';
import { requireJava } from './maven.ts';
import { postgresCredentials, preparePostgresServer, startPostgres } from './postgres.ts';
import { runningPid, stopProcess } from './processes.ts';
import { portAcceptsConnections } from './readiness.ts';
import { compatibilityApiPath, startRegistry } from './registry.ts';
import { prepareSecureKafka, provisionSecureKafka } from './secure-kafka.ts';

// A test that must crash a broker starts a private one, so the shared stack is never disturbed.
export { startKafka, startKafkaCluster, kafkaClusterNodes, type KafkaNode, type KafkaPorts } from './kafka.ts';
export { kafkaNodeName, stackLayout, type StackLayout, type ComponentName } from './layout.ts';
export { isAlive, runningPid, stopProcess } from './processes.ts';
export { freePort, freePorts } from './free-port.ts';
export { kafkaClientEnvironment, kafkaClientSecurity, stackSecurityOf, type StackSecurity, type StackUser } from './credentials.ts';
export { prepareSecureKafka, provisionSecureKafka } from './secure-kafka.ts';
export { aclMarkdownTable } from './pipeline-acls.ts';

export interface StackPorts {
  /** The first broker's; the others and the controllers take the ports after it (see kafkaClusterNodes). */
  kafka: number;
  registry: number;
  postgres: number;
}

export interface StackOptions {
  dataDir: string;
  ports?: StackPorts;
  /** Kafka brokers of a stack started for the first time; a stack keeps the count it was made with. */
  brokers?: number;
  /** Whether a stack started for the first time is secure (SASL_SSL, SCRAM users, ACLs); a stack keeps what it was made with. */
  secure?: boolean;
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
  /** On a secure stack: the SASL mechanism, the CA to trust and each user's password file. */
  kafkaSecurity?: StackSecurity;
  schemaRegistryUrl: string;
  /** The role that owns the pipeline's tables. */
  postgresUrl: string;
  /** The superuser, same database: for set-up and tests that create roles. */
  postgresAdminUrl: string;
  /** The read-only role for analysts. */
  postgresAnalystUrl: string;
}

export const defaultStackPorts: StackPorts = { kafka: 19092, registry: 18081, postgres: 15432 };

const host = '127.0.0.1';

/** How many brokers the stack in this data directory has: the count it was first started with. */
export function stackBrokerCount(options: Pick<StackOptions, 'dataDir' | 'brokers'>): number {
  const layout = stackLayout(options.dataDir);
  const recorded = recordedBrokers(layout);
  if (options.brokers !== undefined && recorded !== undefined && options.brokers !== recorded) {
    throw new Error(
      `the stack in ${layout.dataDir} was made with ${recorded} broker(s); to run ${options.brokers}, stop it (thermo stack down) and ` +
        `remove its Kafka data (${[...Array(recorded).keys()].map((index) => layout.kafkaNodeData(index + 1)).join(', ')}, ${layout.shapeFile}), or use another THERMO_HOME`,
    );
  }
  return recorded ?? options.brokers ?? 1;
}

/** Whether the stack in this data directory is secure: what it was first started with. */
export function stackIsSecure(options: Pick<StackOptions, 'dataDir' | 'secure'>): boolean {
  const layout = stackLayout(options.dataDir);
  const recorded = recordedShape(layout)?.secure;
  if (options.secure === true && recorded === false) {
    throw new Error(
      `the stack in ${layout.dataDir} was made without security; to run a secure one, stop it (thermo stack down) and remove its data, or use another THERMO_HOME (and ports)`,
    );
  }
  return recorded ?? options.secure ?? false;
}

interface StackShape {
  brokers: number;
  secure: boolean;
}

function recordedShape(layout: StackLayout): StackShape | undefined {
  if (existsSync(layout.shapeFile)) {
    const shape = JSON.parse(readFileSync(layout.shapeFile, 'utf8')) as { brokers: number; secure?: boolean };
    return { brokers: shape.brokers, secure: shape.secure ?? false };
  }
  // A stack made before the count was recorded has the one plaintext broker it could have.
  return existsSync(path.join(layout.kafkaData, 'meta.properties')) ? { brokers: 1, secure: false } : undefined;
}

function recordedBrokers(layout: StackLayout): number | undefined {
  return recordedShape(layout)?.brokers;
}

/** The endpoints of the stack, known without asking it. */
export function stackEndpoints(options: Pick<StackOptions, 'dataDir' | 'ports' | 'brokers' | 'secure'>): StackEndpoints {
  const ports = options.ports ?? defaultStackPorts;
  const { superuser, superuserPassword, owner, ownerPassword, database, analyst, analystPassword } = postgresCredentials;
  return {
    kafkaBrokers: kafkaClusterNodes(ports.kafka, stackBrokerCount(options)).map((node) => `${host}:${node.ports.broker}`),
    ...(stackIsSecure(options) ? { kafkaSecurity: stackSecurityOf(options.dataDir) } : {}),
    schemaRegistryUrl: `http://${host}:${ports.registry}${compatibilityApiPath}`,
    postgresUrl: `postgres://${owner}:${ownerPassword}@${host}:${ports.postgres}/${database}`,
    postgresAdminUrl: `postgres://${superuser}:${superuserPassword}@${host}:${ports.postgres}/${database}`,
    postgresAnalystUrl: `postgres://${analyst}:${analystPassword}@${host}:${ports.postgres}/${database}`,
  };
}

/** The stack's components in start order, each with the ports it listens on. */
function components(options: Pick<StackOptions, 'dataDir' | 'ports' | 'brokers'>): { name: ComponentName; ports: number[] }[] {
  const ports = options.ports ?? defaultStackPorts;
  return [
    { name: 'postgres', ports: [ports.postgres] },
    ...kafkaClusterNodes(ports.kafka, stackBrokerCount(options)).map((node) => ({
      name: kafkaNodeName(node.id),
      ports: [node.ports.broker, node.ports.controller],
    })),
    { name: 'registry', ports: [ports.registry] },
  ];
}

/**
 * Starts what is not running yet, in dependency order, each awaited until it answers: on a stack
 * whose component died (a broker killed, say) it starts that component again and leaves the rest.
 */
export async function stackUp(options: StackOptions): Promise<StackEndpoints> {
  const log = options.log ?? (() => undefined);
  const ports = options.ports ?? defaultStackPorts;
  const layout = stackLayout(options.dataDir);
  const brokers = stackBrokerCount(options);
  const secure = stackIsSecure(options);
  mkdirSync(layout.logDir, { recursive: true });
  await requireJava();
  await refuseForeignListeners(options);
  // Before anything starts: a PostgreSQL that could not run here stops the start with the fix.
  const postgresServer = runningPid(layout.pidFile('postgres')) === undefined ? await preparePostgresServer(layout, log) : undefined;
  // Recorded for a new stack only: one made before the record existed is known by its single broker's data.
  if (recordedBrokers(layout) === undefined) writeFileSync(layout.shapeFile, `${JSON.stringify({ brokers, secure } satisfies StackShape)}\n`);
  const started = Date.now();
  const security = secure ? await prepareSecureKafka(layout.dataDir, log) : undefined;
  await startPostgres(layout, postgresServer, ports.postgres, log);
  await startKafkaCluster(layout, kafkaClusterNodes(ports.kafka, brokers), log, security);
  await startRegistry(layout, { registry: ports.registry, postgres: ports.postgres }, log);
  const endpoints = stackEndpoints(options);
  if (secure) {
    log('secure stack: creating the topics and granting the ACLs');
    await provisionSecureKafka({ dataDir: layout.dataDir, brokers: endpoints.kafkaBrokers, registryUrl: endpoints.schemaRegistryUrl });
  }
  log(`stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return endpoints;
}

/** A port held by a process this stack did not start (another checkout's stack, say) would make a start hang. */
async function refuseForeignListeners(options: StackOptions): Promise<void> {
  const layout = stackLayout(options.dataDir);
  for (const component of components(options)) {
    if (runningPid(layout.pidFile(component.name)) !== undefined) continue;
    for (const port of component.ports) {
      if (await portAcceptsConnections(host, port)) {
        throw new Error(`${component.name}: port ${port} is already in use by a process this stack (${layout.dataDir}) did not start; stop it first`);
      }
    }
  }
}

/** Stops every component in reverse order and checks that no port is left listening. */
export async function stackDown(options: StackOptions): Promise<void> {
  const layout = stackLayout(options.dataDir);
  const all = components(options);
  await stopProcess(layout.pidFile('registry'), 30_000);
  // The brokers together: one stopped alone would wait for a controller quorum that is leaving too.
  await Promise.all(all.filter((component) => component.name.startsWith('kafka')).map((component) => stopProcess(layout.pidFile(component.name), 30_000)));
  await stopProcess(layout.pidFile('postgres'), 30_000);
  const stillOpen = [];
  for (const port of all.flatMap((component) => component.ports)) if (await portAcceptsConnections(host, port)) stillOpen.push(port);
  if (stillOpen.length > 0) {
    throw new Error(`ports still listening after stop: ${stillOpen.join(', ')} (a process this stack did not start?)`);
  }
}

export async function stackStatus(options: StackOptions): Promise<{ components: ComponentStatus[]; endpoints: StackEndpoints }> {
  const layout = stackLayout(options.dataDir);
  const endpoints = stackEndpoints(options);
  const endpointOf = (name: ComponentName, componentPorts: number[]) =>
    name === 'postgres' ? endpoints.postgresUrl : name === 'registry' ? endpoints.schemaRegistryUrl : `${host}:${componentPorts[0]}`;
  const statuses = components(options).map(({ name, ports: componentPorts }) => {
    const pid = runningPid(layout.pidFile(name));
    return { name, up: pid !== undefined, ...(pid !== undefined ? { pid } : {}), endpoint: endpointOf(name, componentPorts), logFile: layout.logFile(name) };
  });
  return { components: statuses, endpoints };
}
