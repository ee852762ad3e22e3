import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { replicationForCluster } from '@thermostream/config';
import { readPassword, scramFormatArguments, stackSaslMechanism, type SecurityLayout } from './credentials.ts';
import { kafkaNodeName, type StackLayout } from './layout.ts';
import { mavenOnce } from './maven.ts';
import { runningPid, startDetached } from './processes.ts';
import { logSize, portAcceptsConnections, waitFor } from './readiness.ts';

const run = promisify(execFile);

export interface KafkaPorts {
  broker: number;
  controller: number;
}

/** One KRaft node that is both broker and controller. */
export interface KafkaNode {
  id: number;
  ports: KafkaPorts;
}

/** Node n listens on the first broker port + 2(n-1), its controller on the port after. */
export function kafkaClusterNodes(firstBrokerPort: number, brokers: number): KafkaNode[] {
  return Array.from({ length: brokers }, (_, index) => ({
    id: index + 1,
    ports: { broker: firstBrokerPort + 2 * index, controller: firstBrokerPort + 2 * index + 1 },
  }));
}

/**
 * server.properties of one node of a KRaft cluster whose nodes are all broker and controller, on
 * loopback; with `security`, its clients' listener is SASL_SSL (see secureListenerProperties).
 */
export function kafkaServerProperties(node: KafkaNode, cluster: readonly KafkaNode[], logDir: string, security?: SecurityLayout): string {
  const internal = replicationForCluster(cluster.length);
  return [
    'process.roles=broker,controller',
    `node.id=${node.id}`,
    `controller.quorum.voters=${cluster.map((voter) => `${voter.id}@127.0.0.1:${voter.ports.controller}`).join(',')}`,
    ...(security === undefined ? plaintextListenerProperties(node) : secureListenerProperties(node, security)),
    `log.dirs=${logDir}`,
    'num.partitions=6',
    // Topics are declared by the pipeline (ensureTopics), never created by a stray client.
    'auto.create.topics.enable=false',
    // Internal topics (group offsets, transaction state) get the replication the cluster size allows;
    // the same values are the default of any topic created without its own.
    `offsets.topic.replication.factor=${internal.replicationFactor}`,
    `transaction.state.log.replication.factor=${internal.replicationFactor}`,
    `transaction.state.log.min.isr=${internal.minInsyncReplicas}`,
    `share.coordinator.state.topic.replication.factor=${internal.replicationFactor}`,
    `share.coordinator.state.topic.min.isr=${internal.minInsyncReplicas}`,
    `default.replication.factor=${internal.replicationFactor}`,
    `min.insync.replicas=${internal.minInsyncReplicas}`,
    'group.initial.rebalance.delay.ms=0',
    'log.retention.hours=168',
    '',
  ].join('\n');
}

function plaintextListenerProperties(node: KafkaNode): string[] {
  return [
    `listeners=PLAINTEXT://127.0.0.1:${node.ports.broker},CONTROLLER://127.0.0.1:${node.ports.controller}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${node.ports.broker}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
  ];
}

/**
 * The clients' listener is SASL_SSL with SCRAM-SHA-512 and the brokers talk to each other on it as
 * admin. The controller listener takes PLAIN from admin alone (its JAAS users), since SCRAM
 * credentials live in the metadata the controllers serve. StandardAuthorizer refuses whatever no
 * ACL allows; admin is the only super user.
 */
function secureListenerProperties(node: KafkaNode, security: SecurityLayout): string[] {
  const admin = readPassword(security.passwordFile('admin'));
  const keystorePassword = readPassword(security.keystorePasswordFile);
  const scramModule = stackSaslMechanism.toLowerCase();
  return [
    `listeners=SASL_SSL://127.0.0.1:${node.ports.broker},CONTROLLER://127.0.0.1:${node.ports.controller}`,
    `advertised.listeners=SASL_SSL://127.0.0.1:${node.ports.broker}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,SASL_SSL:SASL_SSL',
    'inter.broker.listener.name=SASL_SSL',
    `sasl.mechanism.inter.broker.protocol=${stackSaslMechanism}`,
    `listener.name.sasl_ssl.sasl.enabled.mechanisms=${stackSaslMechanism}`,
    `listener.name.sasl_ssl.${scramModule}.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${admin}";`,
    'sasl.mechanism.controller.protocol=PLAIN',
    'listener.name.controller.sasl.enabled.mechanisms=PLAIN',
    `listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="${admin}" user_admin="${admin}";`,
    'ssl.keystore.type=PKCS12',
    `ssl.keystore.location=${security.brokerKeystore}`,
    `ssl.keystore.password=${keystorePassword}`,
    `ssl.key.password=${keystorePassword}`,
    'ssl.truststore.type=PKCS12',
    `ssl.truststore.location=${security.brokerKeystore}`,
    `ssl.truststore.password=${keystorePassword}`,
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'super.users=User:admin',
  ];
}

/** log4j2 configuration: Kafka's own log to stdout, which the stack appends to logs/kafka.log. */
const log4j2 = `Configuration:
  Appenders:
    Console:
      name: STDOUT
      PatternLayout:
        Pattern: "[%d] %p %m (%c)%n"
  Loggers:
    Root:
      level: INFO
      AppenderRef:
        - ref: STDOUT
    Logger:
      - name: kafka.request.logger
        level: WARN
      - name: org.apache.kafka.clients
        level: WARN
`;

/** A single-node Kafka (a test's private broker); with `security`, a secure one. */
export async function startKafka(layout: StackLayout, ports: KafkaPorts, log: (line: string) => void, security?: SecurityLayout): Promise<void> {
  await startKafkaCluster(layout, [{ id: 1, ports }], log, security);
}

/**
 * Starts the nodes of the cluster that are not running (all of them, or the one that died) and
 * waits until each serves. A three-node quorum elects no leader until two voters are up, so every
 * missing node is launched before any is awaited.
 */
export async function startKafkaCluster(layout: StackLayout, cluster: readonly KafkaNode[], log: (line: string) => void, security?: SecurityLayout): Promise<void> {
  const missing = cluster.filter((node) => runningPid(layout.pidFile(kafkaNodeName(node.id))) === undefined);
  if (missing.length === 0) return;
  const classpathFile = path.join(layout.downloadsDir, 'kafka.classpath');
  await mavenOnce('dependency:build-classpath', { 'mdep.outputFile': classpathFile }, `${classpathFile}.pom-hash`, log);
  const classpath = readFileSync(classpathFile, 'utf8').trim();
  // Each node of a small local cluster gets less heap than a lone broker.
  const heap = cluster.length === 1 ? '768m' : '512m';
  const java = (log4jFile: string, mainClass: string, args: string[], maxHeap: string) => [
    `-Xmx${maxHeap}`,
    `-Dlog4j2.configurationFile=${log4jFile}`,
    '-cp',
    classpath,
    mainClass,
    ...args,
  ];

  let clusterId = cluster.map((node) => formattedClusterId(layout.kafkaNodeData(node.id))).find((id) => id !== undefined);
  const waits: Promise<void>[] = [];
  for (const node of missing) {
    const name = kafkaNodeName(node.id);
    const configDir = layout.kafkaNodeConfig(node.id);
    const dataDir = layout.kafkaNodeData(node.id);
    mkdirSync(configDir, { recursive: true });
    const properties = path.join(configDir, 'server.properties');
    const log4jFile = path.join(configDir, 'log4j2.yaml');
    // Readable by the owner only: a secure node's holds the admin and keystore passwords.
    writeFileSync(properties, kafkaServerProperties(node, cluster, dataDir, security), { mode: 0o600 });
    writeFileSync(log4jFile, log4j2);
    if (!existsSync(path.join(dataDir, 'meta.properties'))) {
      log(`${name}: formatting the KRaft storage`);
      clusterId ??= (await run('java', java(log4jFile, 'kafka.tools.StorageTool', ['random-uuid'], '256m'))).stdout.trim().split('\n').pop()!;
      // A secure node's users are created with its storage, so they exist before any client connects.
      const users = security === undefined ? [] : scramFormatArguments(security);
      await run('java', java(log4jFile, 'kafka.tools.StorageTool', ['format', '-t', clusterId, '-c', properties, ...users], '256m'));
    }
    log(`${name}: starting on 127.0.0.1:${node.ports.broker}`);
    const logFile = layout.logFile(name);
    const pidFile = layout.pidFile(name);
    const logFrom = logSize(logFile);
    startDetached({ command: 'java', args: ['-Xms256m', ...java(log4jFile, 'kafka.Kafka', [properties], heap)], logFile, pidFile });
    waits.push(
      waitFor(name, async () => (await portAcceptsConnections('127.0.0.1', node.ports.broker)) && brokerStarted(logFile, logFrom), {
        timeoutMs: 90_000,
        logFile,
        logFrom,
        stillRunning: () => runningPid(pidFile) !== undefined,
      }),
    );
  }
  await Promise.all(waits);
}

/** The cluster id a node's storage was formatted with: the nodes of one cluster must share it. */
function formattedClusterId(dataDir: string): string | undefined {
  const meta = path.join(dataDir, 'meta.properties');
  if (!existsSync(meta)) return undefined;
  return /^cluster\.id=(.+)$/m.exec(readFileSync(meta, 'utf8'))?.[1]?.trim();
}

/** The listener opens before the broker has caught up with its controller; this line comes after. */
function brokerStarted(logFile: string, fromOffset: number): boolean {
  return readFileSync(logFile).subarray(fromOffset).toString('utf8').includes('Kafka Server started');
}
