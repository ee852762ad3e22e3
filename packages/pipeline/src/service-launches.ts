import path from 'node:path';
import { mirrorService, serviceDefaultPorts, serviceNames, type ServiceName } from '@thermostream/config';
import { kafkaClientEnvironment, type StackEndpoints } from '@thermostream/stack';
import type { ServiceLaunch } from './service-process.ts';

export interface PipelineOptions {
  endpoints: StackEndpoints;
  /** '' runs the product's own topics and tables; any other name runs an isolated copy. */
  namespace: string;
  archiveDir: string;
  /** Where the scd-writer keeps its local store; beside the archive when not given. */
  stateDir?: string;
  /** Runs the versions-mirror too: the history copied into PostgreSQL's reading_versions. */
  versionsMirror?: boolean;
  /** The lake's root; beside the archive unless given. */
  lakeDir?: string;
  /** The key http-ingest accepts for the local partner; without one, whoever starts http-ingest gives it INGEST_API_KEYS. */
  apiKey?: string;
  ports?: Partial<Record<ServiceName, number>>;
  logLevel?: string;
}

/** The partner name `pnpm start` gives its API key. */
const ingestPartner = 'local';

const databaseServices = new Set<ServiceName>(['aggregator', mirrorService]);

/** Where the lake-writer writes: the given folder, else `lake` beside the archive. */
const lakeDirOf = (options: PipelineOptions) => options.lakeDir ?? path.join(path.dirname(options.archiveDir), 'lake');

/** The environment of each service for one pipeline on the given stack. */
export function pipelineLaunches(options: PipelineOptions): ServiceLaunch[] {
  const shared: Record<string, string> = {
    KAFKA_BROKERS: options.endpoints.kafkaBrokers.join(','),
    SCHEMA_REGISTRY_URL: options.endpoints.schemaRegistryUrl,
    PIPELINE_NAMESPACE: options.namespace,
    LOG_LEVEL: options.logLevel ?? 'info',
  };
  const services: ServiceName[] = options.versionsMirror ? [...serviceNames, mirrorService] : serviceNames;
  return services.map((service) => {
    const port = options.ports?.[service] ?? serviceDefaultPorts[service];
    const own: Record<string, string> =
      service === 'http-ingest'
        ? { INGEST_PORT: String(port), ...(options.apiKey === undefined ? {} : { INGEST_API_KEYS: `${ingestPartner}:${options.apiKey}` }) }
        : { METRICS_PORT: String(port) };
    if (service === 'raw-archiver') own.ARCHIVE_DIR = options.archiveDir;
    if (service === 'scd-writer') own.SCD_STATE_DIR = options.stateDir ?? path.join(path.dirname(options.archiveDir), 'scd-state');
    if (service === 'lake-writer') own.LAKE_DIR = lakeDirOf(options);
    if (databaseServices.has(service)) own.DATABASE_URL = options.endpoints.postgresUrl;
    // On a secure stack each service is its own Kafka user, held by the ACLs to its own topics.
    const security = options.endpoints.kafkaSecurity ? kafkaClientEnvironment(options.endpoints.kafkaSecurity, service) : {};
    return { service, port, environment: { ...shared, ...own, ...security } };
  });
}

/** One service's launch among a pipeline's. */
export function launchOf(launches: readonly ServiceLaunch[], service: ServiceName): ServiceLaunch {
  const found = launches.find((launch) => launch.service === service);
  if (!found) throw new Error(`${service} is not among the launches`);
  return found;
}

/** What `stack status --json` and `start` print: every endpoint an operator or a test needs. */
export function describeEndpoints(options: PipelineOptions) {
  const launches = pipelineLaunches(options);
  const portOf = (service: ServiceName) => launchOf(launches, service).port;
  return {
    kafkaBrokers: options.endpoints.kafkaBrokers,
    // Secure stack: SASL_SSL on kafkaBrokers; the CA to trust and each user's password file.
    kafkaSecurity: options.endpoints.kafkaSecurity ? { protocol: 'SASL_SSL', ...options.endpoints.kafkaSecurity } : null,
    schemaRegistryUrl: options.endpoints.schemaRegistryUrl,
    postgresUrl: options.endpoints.postgresUrl,
    postgresAnalystUrl: options.endpoints.postgresAnalystUrl,
    ingestUrl: `http://127.0.0.1:${portOf('http-ingest')}/v1/readings`,
    ingestApiKey: options.apiKey,
    archivePath: options.archiveDir,
    lakePath: lakeDirOf(options),
    metricsUrls: Object.fromEntries(launches.map(({ service }) => [service, `http://127.0.0.1:${portOf(service)}/metrics`])),
  };
}
