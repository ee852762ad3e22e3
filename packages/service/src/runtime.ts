import { hostname } from 'node:os';
import { createAvroSerde, createSchemaRegistry } from '@thermostream/avro';
import {
  consumerSettings,
  kafkaSecurity,
  kafkaSettings,
  kafkaTuningSettings,
  loadConfig,
  metricsPortSetting,
  observabilitySettings,
  pipelineSettings,
  postgresSettings,
  schemaRegistryAuth,
  serviceDefaultPorts,
  stringSetting,
  topicReplication,
  type ConfigOf,
  type ServiceName,
  type SettingsSpec,
} from '@thermostream/config';
import { createKafkaContext, prepareTopics, type KafkaContext } from '@thermostream/kafka';
import { createShutdown, type Shutdown } from '@thermostream/lifecycle';
import { countDependencyOutages, createLogger, createMetrics, type DependencyOutages, type Logger, type Metrics } from '@thermostream/observability';
import { createDatabase, runMigrations, schemaOfNamespace, type Database } from '@thermostream/postgres';

/** What every service reads from its environment. */
export const serviceSettings = { ...kafkaSettings, ...kafkaTuningSettings, ...pipelineSettings, ...observabilitySettings };

/** A consumer service serves /metrics, /healthz and /readyz on a port of its own. */
export function consumerServiceSettings(service: ServiceName) {
  return {
    ...serviceSettings,
    ...consumerSettings,
    metricsHost: stringSetting({
      env: 'METRICS_HOST',
      description: 'Address the /metrics, /healthz and /readyz server binds (0.0.0.0 inside a container).',
      defaultValue: '127.0.0.1',
    }),
    metricsPort: metricsPortSetting(serviceDefaultPorts[service]),
  };
}

export type ServiceConfig = ConfigOf<typeof serviceSettings>;

export interface ServiceRuntime<C> {
  service: ServiceName;
  config: C;
  logger: Logger;
  metrics: Metrics;
  /** Where the clients of Kafka, the registry and PostgreSQL report whether they could reach them. */
  outages: DependencyOutages;
  kafka: KafkaContext;
  shutdown: Shutdown;
}

/**
 * The parts every service builds the same way: validated configuration, JSON logger, metrics,
 * Kafka context with the pipeline's topics and schemas in place, and a drain on SIGTERM.
 */
export async function createServiceRuntime<S extends SettingsSpec>(
  service: ServiceName,
  settings: S,
): Promise<ServiceRuntime<ConfigOf<S> & ServiceConfig>> {
  const config = loadConfig({ ...serviceSettings, ...settings }) as ConfigOf<S> & ServiceConfig;
  // Checked before anything starts: credentials that cannot work stop the service with every reason.
  const security = kafkaSecurity(config);
  const registryAuth = schemaRegistryAuth(config);
  const logger = createLogger({ service, level: config.logLevel });
  const metrics = createMetrics({ service });
  const outages = countDependencyOutages(metrics);
  const shutdown = createShutdown({ logger, timeoutMs: 30_000 });
  const kafka = createKafkaContext({
    brokers: config.kafkaBrokers,
    clientId: `${service}-${hostname()}-${process.pid}`,
    namespace: config.pipelineNamespace,
    security,
    serde: createAvroSerde(
      createSchemaRegistry(config.schemaRegistryUrl, { onReachability: outages.reporter('registry'), ...(registryAuth ? { auth: registryAuth } : {}) }),
    ),
    logger,
    onReachability: outages.reporter('kafka'),
  });
  logger.info(
    {
      namespace: config.pipelineNamespace,
      brokers: config.kafkaBrokers,
      registry: config.schemaRegistryUrl,
      sasl: security.sasl ? { mechanism: security.sasl.mechanism, ...('username' in security.sasl ? { username: security.sasl.username } : {}) } : 'none',
      tls: security.tls !== undefined,
    },
    'starting',
  );
  await prepareTopics(kafka, topicReplication(config));
  return { service, config, logger, metrics, outages, kafka, shutdown };
}

/** A pool on the namespace's schema, its migrations applied (once, whichever instance gets there first). */
export async function openDatabase(
  runtime: ServiceRuntime<ServiceConfig & ConfigOf<typeof postgresSettings>>,
): Promise<Database> {
  const schema = schemaOfNamespace(runtime.config.pipelineNamespace);
  const database = createDatabase({
    databaseUrl: runtime.config.databaseUrl,
    poolSize: runtime.config.databasePoolSize,
    schema,
    applicationName: runtime.service,
    onReachability: runtime.outages.reporter('postgres'),
  });
  const applied = await runMigrations(database, { schema });
  runtime.logger.info({ schema, applied }, 'database ready');
  runtime.shutdown.onShutdown('database', () => database.close());
  return database;
}
