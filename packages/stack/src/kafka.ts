import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { replicationForCluster } from '@thermostream/config';
import { kafkaNodeName, type StackLayout } from './layout.ts';
import { mavenOnce } from './maven.ts';
import { runningPid, startDetached } from './processes.ts';
import { portAcceptsConnections, waitFor } from './readiness.ts';

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

/** server.properties of one node of a KRaft cluster whose nodes are all broker and controller, on loopback. */
export function kafkaServerProperties(node: KafkaNode, cluster: readonly KafkaNode[], logDir: string): string {
  const internal = replicationForCluster(cluster.length);
  return [
    'process.roles=broker,controller',
    `node.id=${node.id}`,
    `controller.quorum.voters=${cluster.map((voter) => `${voter.id}@127.0.0.1:${voter.ports.controller}`).join(',')}`,
    `listeners=PLAINTEXT://127.0.0.1:${node.ports.broker},CONTROLLER://127.0.0.1:${node.ports.controller}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${node.ports.broker}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
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

/** A single-node Kafka (a test's private broker). */
export async function startKafka(layout: StackLayout, ports: KafkaPorts, log: (line: string) => void): Promise<void> {
  await startKafkaCluster(layout, [{ id: 1, ports }], log);
}

/**
 * Starts the nodes of the cluster that are not running (all of them, or the one that died) and
 * waits until each serves. A three-node quorum elects no leader until two voters are up, so every
 * missing node is launched before any is awaited.
 */
export async function startKafkaCluster(layout: StackLayout, cluster: readonly KafkaNode[], log: (line: string) => void): Promise<void> {
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
    writeFileSync(properties, kafkaServerProperties(node, cluster, dataDir));
    writeFileSync(log4jFile, log4j2);
    if (!existsSync(path.join(dataDir, 'meta.properties'))) {
      log(`${name}: formatting the KRaft storage`);
      clusterId ??= (await run('java', java(log4jFile, 'kafka.tools.StorageTool', ['random-uuid'], '256m'))).stdout.trim().split('\n').pop()!;
      await run('java', java(log4jFile, 'kafka.tools.StorageTool', ['format', '-t', clusterId, '-c', properties], '256m'));
    }
    log(`${name}: starting on 127.0.0.1:${node.ports.broker}`);
    const logFile = layout.logFile(name);
    const pidFile = layout.pidFile(name);
    const logOffset = existsSync(logFile) ? statSync(logFile).size : 0;
    startDetached({ command: 'java', args: ['-Xms256m', ...java(log4jFile, 'kafka.Kafka', [properties], heap)], logFile, pidFile });
    waits.push(
      waitFor(name, async () => (await portAcceptsConnections('127.0.0.1', node.ports.broker)) && brokerStarted(logFile, logOffset), {
        timeoutMs: 90_000,
        logFile,
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
