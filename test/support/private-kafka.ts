import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAvroSerde, createSchemaRegistry } from '@thermostream/avro';
import { createKafkaContext, type KafkaContext } from '@thermostream/kafka';
import { createLogger } from '@thermostream/observability';
import {
  kafkaClientSecurity,
  prepareSecureKafka,
  stackSecurityOf,
  provisionSecureKafka,
  runningPid,
  stackLayout,
  startKafka,
  stopProcess,
  type KafkaPorts,
  type StackSecurity,
  type StackUser,
} from '@thermostream/stack';
import { freePort } from './pipeline.ts';
import { testStackEndpoints, testStackOptions } from './stack.ts';

export interface PrivateKafka {
  brokers: string[];
  /** A secure broker's CA and users' password files. */
  security?: StackSecurity;
  /** A client of this broker for one namespace, with the shared schema registry; on a secure broker, as `user` (admin by default). */
  context(namespace: string, user?: StackUser): KafkaContext;
  /** SIGSTOP: the broker stops answering with its connections open, so a request can be caught waiting. */
  pause(): void;
  /** SIGKILL: the broker vanishes without closing anything, as in a crash. */
  kill(): Promise<void>;
  /** SIGTERM: a clean shutdown that keeps the data, so its log segments can be read or altered. */
  shutDown(): Promise<void>;
  /** The directory of a partition's log segments, e.g. `ns.readings.raw-0`. */
  partitionDirectory(topicPartition: string): string;
  /** Starts it again on the same ports and data, and waits until it serves. */
  restart(): Promise<void>;
  /** Stops it and removes its data. */
  stop(): Promise<void>;
}

/**
 * A single-node Kafka of its own, on free ports and a temporary data directory, for a test that
 * kills a broker: the shared stack's broker serves other tests at the same time. `secure`: the
 * secure stack's broker (SASL_SSL, its users, topics and ACLs), for a test of its security.
 */
export async function startPrivateKafka(log: (line: string) => void = () => undefined, options: { secure?: boolean } = {}): Promise<PrivateKafka> {
  const layout = stackLayout(mkdtempSync(path.join(tmpdir(), 'thermostream-kafka-')));
  const shared = stackLayout(testStackOptions().dataDir);
  // The classpath the shared stack already resolved: Maven would only rebuild the same file.
  mkdirSync(layout.downloadsDir, { recursive: true });
  for (const file of ['kafka.classpath', 'kafka.classpath.pom-hash']) {
    const source = path.join(shared.downloadsDir, file);
    if (existsSync(source)) copyFileSync(source, path.join(layout.downloadsDir, file));
  }
  const ports: KafkaPorts = { broker: await freePort(), controller: await freePort() };
  const pidFile = layout.pidFile('kafka');
  const stop = async () => {
    await stopProcess(pidFile, 10_000);
    rmSync(layout.dataDir, { recursive: true, force: true });
  };
  const brokers = [`127.0.0.1:${ports.broker}`];
  const { schemaRegistryUrl } = await testStackEndpoints();
  const secured = options.secure ? await prepareSecureKafka(layout.dataDir, log) : undefined;
  try {
    await startKafka(layout, ports, log, secured);
    if (secured) await provisionSecureKafka({ dataDir: layout.dataDir, brokers, registryUrl: schemaRegistryUrl });
  } catch (error) {
    await stop();
    throw error;
  }
  const security = secured ? stackSecurityOf(layout.dataDir) : undefined;
  return {
    brokers,
    ...(security ? { security } : {}),
    context: (namespace, user = 'admin') =>
      createKafkaContext({
        brokers,
        clientId: `test-${namespace}`,
        namespace,
        ...(security ? { security: kafkaClientSecurity(security, user) } : {}),
        serde: createAvroSerde(createSchemaRegistry(schemaRegistryUrl)),
        logger: createLogger({ service: 'test', level: 'fatal' }),
      }),
    pause() {
      const pid = runningPid(pidFile);
      if (pid === undefined) throw new Error('the private Kafka broker is not running');
      process.kill(pid, 'SIGSTOP');
    },
    async kill() {
      const pid = runningPid(pidFile);
      if (pid === undefined) throw new Error('the private Kafka broker is not running');
      process.kill(pid, 'SIGKILL');
      while (runningPid(pidFile) !== undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    },
    shutDown: () => stopProcess(pidFile, 60_000),
    partitionDirectory: (topicPartition) => path.join(layout.kafkaData, topicPartition),
    restart: () => startKafka(layout, ports, log, secured),
    stop,
  };
}
