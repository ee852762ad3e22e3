import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from './load.ts';
import { kafkaSecuritySettings, schemaRegistryAuthSettings } from './security.ts';
import { mustBe, enumSetting, integerSetting, listSetting, optionalSetting, portSetting, stringSetting, urlSetting, type Setting } from './settings.ts';

/** Settings every service shares; a service spreads the groups it needs into its own spec. */
export const kafkaSettings = {
  kafkaBrokers: listSetting({
    env: 'KAFKA_BROKERS',
    description: 'Kafka bootstrap brokers, comma-separated host:port.',
    defaultValue: '127.0.0.1:19092',
    item: (entry) => (/^[^\s:]+:\d{1,5}$/.test(entry) ? entry : mustBe(`host:port entries, not ${entry}`)),
  }),
  schemaRegistryUrl: urlSetting({
    env: 'SCHEMA_REGISTRY_URL',
    description: 'Confluent-compatible schema registry API (Apicurio: …/apis/ccompat/v7).',
    defaultValue: 'http://127.0.0.1:18081/apis/ccompat/v7',
    protocols: ['http', 'https'],
  }),
  kafkaReplicationFactor: replicationSetting({
    env: 'KAFKA_REPLICATION_FACTOR',
    description:
      'Replicas of each topic the pipeline creates. auto: from the number of brokers in KAFKA_BROKERS, 3 from three brokers on (set it when KAFKA_BROKERS names only some of the cluster).',
  }),
  kafkaMinInsyncReplicas: replicationSetting({
    env: 'KAFKA_MIN_INSYNC_REPLICAS',
    description:
      'min.insync.replicas of each topic the pipeline creates: replicas that must have a write before acks=all succeeds. auto: the replication factor minus one, at least 1.',
  }),
  ...kafkaSecuritySettings,
  ...schemaRegistryAuthSettings,
} as const;

export const kafkaTuningSettings = {
  kafkaCompression: enumSetting({
    env: 'KAFKA_COMPRESSION',
    description: 'Compression of produced record batches (consumers read all five codecs whatever this is). lz4 costs the least CPU here, in the services and in the broker that checks every batch.',
    defaultValue: 'lz4',
    values: ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const,
  }),
  maxReadingsPerRecord: integerSetting({
    env: 'MAX_READINGS_PER_RECORD',
    description: 'Most readings (or deltas) in one Kafka record on readings.clean, .regional and .changes, whose records each hold the items of one batch bound for one partition.',
    defaultValue: '500',
    min: 1,
    max: 100000,
  }),
  kafkaSessionTimeoutMs: integerSetting({
    env: 'KAFKA_SESSION_TIMEOUT_MS',
    description:
      'How long the group waits for a silent consumer before giving its partitions to the others: shorter recovers faster from a killed instance, longer tolerates pauses.',
    defaultValue: '30000',
    min: 6000,
    max: 300000,
  }),
} as const;

/** How a consumer service recovers by itself, and when its /healthz gives up on it. */
export const consumerSettings = {
  kafkaGroupInstanceId: optionalSetting({
    env: 'KAFKA_GROUP_INSTANCE_ID',
    description:
      "A stable name for this instance in its consumer group (static membership, KIP-345), unique among the group's instances, e.g. the pod's name: an instance restarted under the same name takes its partitions back at once instead of waiting KAFKA_SESSION_TIMEOUT_MS for the group to give up on the killed one. `thermo start` names each instance after its service and number. Empty: a new member at each start.",
  }),
  consumerRecoveryTimeoutMs: integerSetting({
    env: 'CONSUMER_RECOVERY_TIMEOUT_MS',
    description:
      'How long a consumer whose Kafka client failed keeps restarting itself (capped exponential backoff) before the service exits with code 1 and says why.',
    defaultValue: '300000',
    min: 1000,
    max: 86400000,
  }),
  healthStallTimeoutMs: integerSetting({
    env: 'HEALTH_STALL_TIMEOUT_MS',
    description: '/healthz answers 503 once the consumer has not been a live group member, or has lag and committed nothing, for this long.',
    defaultValue: '120000',
    min: 1000,
    max: 86400000,
  }),
  kafkaFetchMaxBytesPerPartition: integerSetting({
    env: 'KAFKA_FETCH_MAX_BYTES_PER_PARTITION',
    description:
      'Most bytes, as sent (compressed), one fetch takes from a partition. A consumer\'s first fetches take a sixteenth of it, doubling with each fetch that brings records, so that a backlog\'s first batches reach the next service within a fraction of a second.',
    defaultValue: '524288',
    min: 1024,
    max: 67108864,
  }),
  kafkaFetchMaxRecordBytes: integerSetting({
    env: 'KAFKA_FETCH_MAX_RECORD_BYTES',
    description:
      'About how many bytes of keys and values, uncompressed, one fetch brings from all its partitions together: what a batch holds in memory follows them, as objects several times their size. The bytes asked of each partition follow the compression of the last fetch, under KAFKA_FETCH_MAX_BYTES_PER_PARTITION.',
    defaultValue: '4194304',
    min: 1024,
    max: 1073741824,
  }),
  kafkaFetchMinBytes: integerSetting({
    env: 'KAFKA_FETCH_MIN_BYTES',
    description:
      'A fetch is answered once this many bytes (as sent) are there, or after KAFKA_FETCH_MAX_WAIT_MS with what there is: fewer, larger batches under a live load, as each batch costs a transaction whatever its size. Never more than the fetch asks, so a backlog is fetched without waiting. 1 answers at once.',
    defaultValue: '262144',
    min: 1,
    max: 67108864,
  }),
  kafkaFetchMaxWaitMs: integerSetting({
    env: 'KAFKA_FETCH_MAX_WAIT_MS',
    description: 'How long the broker holds a fetch that has fewer than KAFKA_FETCH_MIN_BYTES: what each hop may add to the time a reading takes to reach the table.',
    defaultValue: '100',
    min: 0,
    max: 30000,
  }),
} as const;

export const postgresSettings = {
  databaseUrl: urlSetting({
    env: 'DATABASE_URL',
    description: 'PostgreSQL connection URL of the role that owns the pipeline tables.',
    defaultValue: 'postgres://thermostream:thermostream@127.0.0.1:15432/thermostream',
    protocols: ['postgres', 'postgresql'],
    secret: true,
  }),
  databasePoolSize: integerSetting({
    env: 'DATABASE_POOL_SIZE',
    description: 'Maximum PostgreSQL connections held by one service instance.',
    defaultValue: '4',
    min: 1,
    max: 100,
  }),
} as const;

export const pipelineSettings = {
  pipelineNamespace: namespaceSetting({
    env: 'PIPELINE_NAMESPACE',
    description:
      'Runs a separate copy of the pipeline: prefixes topics and consumer groups with "<namespace>." and uses the PostgreSQL schema <namespace>. Empty: the product names and the public schema.',
    defaultValue: '',
  }),
} as const;

export const observabilitySettings = {
  logLevel: enumSetting({
    env: 'LOG_LEVEL',
    description: 'Least severe level written to the JSON log.',
    defaultValue: 'info',
    values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const,
  }),
} as const;

/** A replica count, or undefined for "auto": derived from the cluster by `topicReplication`. */
function replicationSetting(options: { env: string; description: string }): Setting<number | undefined> {
  return {
    ...options,
    defaultValue: 'auto',
    parse: (raw) => {
      const value = raw.trim();
      if (value === 'auto') return undefined;
      const count = Number(value);
      return Number.isInteger(count) && count >= 1 && count <= 16 && value !== '' ? count : mustBe('auto or an integer between 1 and 16');
    },
  };
}

export interface TopicReplication {
  replicationFactor: number;
  minInsyncReplicas: number;
}

/**
 * Replication that follows the cluster: three copies once there are three brokers (more copies add
 * write cost, not safety that matters here), and one fewer in sync than copies, so a write survives
 * one broker down while acks=all still refuses to land on a single replica.
 */
export function replicationForCluster(brokerCount: number): TopicReplication {
  const replicationFactor = Math.max(1, Math.min(3, brokerCount));
  return { replicationFactor, minInsyncReplicas: Math.max(1, replicationFactor - 1) };
}

/** The replication of the pipeline's topics: the settings where given, else what the cluster size calls for. */
export function topicReplication(config: {
  kafkaBrokers: readonly string[];
  kafkaReplicationFactor: number | undefined;
  kafkaMinInsyncReplicas: number | undefined;
}): TopicReplication {
  const replicationFactor = config.kafkaReplicationFactor ?? replicationForCluster(config.kafkaBrokers.length).replicationFactor;
  const minInsyncReplicas = config.kafkaMinInsyncReplicas ?? Math.max(1, replicationFactor - 1);
  if (minInsyncReplicas > replicationFactor) {
    throw new ConfigError([`KAFKA_MIN_INSYNC_REPLICAS (${minInsyncReplicas}) must not exceed the replication factor (${replicationFactor}): no write could ever succeed`]);
  }
  return { replicationFactor, minInsyncReplicas };
}

/** The port serving /metrics, /healthz and /readyz; each service has its own default so they can share a host. */
export function metricsPortSetting(defaultPort: number): Setting<number> {
  return portSetting({
    env: 'METRICS_PORT',
    description: 'Port of /metrics, /healthz and /readyz (0 picks a free port, logged at start).',
    defaultValue: String(defaultPort),
  });
}

function namespaceSetting(options: { env: string; description: string; defaultValue: string }): Setting<string> {
  return {
    ...options,
    parse: (raw) => {
      const value = raw.trim();
      return value === '' || /^[a-z][a-z0-9_]{0,30}$/.test(value)
        ? value
        : mustBe('empty or a lower-case name of letters, digits and _ starting with a letter');
    },
  };
}

/** Every service and the port each listens on by default (HTTP API for http-ingest, /metrics for the others). */
export const serviceDefaultPorts = {
  'http-ingest': 18080,
  'raw-archiver': 19102,
  filter: 19103,
  'region-partitioner': 19104,
  'scd-writer': 19105,
  aggregator: 19106,
  'lake-writer': 19107,
  'versions-mirror': 19108,
} as const;

export type ServiceName = keyof typeof serviceDefaultPorts;

/** The optional PostgreSQL copy of the history: run only where an installation asks for it. */
export const mirrorService = 'versions-mirror' as const satisfies ServiceName;

/** The services a pipeline always runs. */
export const serviceNames = (Object.keys(serviceDefaultPorts) as ServiceName[]).filter((service) => service !== mirrorService);

export const stackSettings = {
  dataDir: stringSetting({
    env: 'THERMO_HOME',
    description: 'Directory of the native stack: downloads, data, logs and pid files (relative paths from the repository root).',
    defaultValue: '.thermostream',
  }),
  kafkaPort: portSetting({
    env: 'THERMO_KAFKA_PORT',
    description: "Port of the stack's first Kafka broker; its controller listens on the next port, and broker n of a cluster on this + 2(n-1).",
    defaultValue: '19092',
  }),
  registryPort: portSetting({ env: 'THERMO_REGISTRY_PORT', description: "Port of the stack's schema registry.", defaultValue: '18081' }),
  postgresPort: portSetting({ env: 'THERMO_POSTGRES_PORT', description: "Port of the stack's PostgreSQL.", defaultValue: '15432' }),
} as const;

/**
 * Where a Node child keeps what it compiled, type stripping of our .ts files included, for its next
 * start: a service spends most of its start importing modules, and a fifth of that goes with the cache.
 */
const compileCacheDir = path.join(tmpdir(), 'thermostream-node-compile-cache');

/** The environment a child process starts with: this process's own, plus `overrides`; the compile cache unless it names its own. */
export function childEnvironment(overrides: Readonly<Record<string, string>>): Record<string, string | undefined> {
  return { NODE_COMPILE_CACHE: compileCacheDir, ...process.env, ...overrides };
}
