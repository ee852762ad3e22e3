import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { StackLayout } from './layout.ts';
import { mavenOnce } from './maven.ts';
import { runningPid, startDetached } from './processes.ts';
import { portAcceptsConnections, waitFor } from './readiness.ts';

const run = promisify(execFile);

export interface KafkaPorts {
  broker: number;
  controller: number;
}

/** server.properties of a single KRaft node that is both broker and controller, on loopback. */
export function kafkaServerProperties(ports: KafkaPorts, logDir: string): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${ports.controller}`,
    `listeners=PLAINTEXT://127.0.0.1:${ports.broker},CONTROLLER://127.0.0.1:${ports.controller}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${ports.broker}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${logDir}`,
    'num.partitions=6',
    // Topics are declared by the pipeline (ensureTopics), never created by a stray client.
    'auto.create.topics.enable=false',
    // One node: every internal topic has a single replica.
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
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

export async function startKafka(layout: StackLayout, ports: KafkaPorts, log: (line: string) => void): Promise<void> {
  const pidFile = layout.pidFile('kafka');
  if (runningPid(pidFile) !== undefined) return;
  const classpathFile = path.join(layout.downloadsDir, 'kafka.classpath');
  await mavenOnce('dependency:build-classpath', { 'mdep.outputFile': classpathFile }, `${classpathFile}.pom-hash`, log);
  const classpath = readFileSync(classpathFile, 'utf8').trim();

  mkdirSync(layout.kafkaConfig, { recursive: true });
  const properties = path.join(layout.kafkaConfig, 'server.properties');
  const log4jFile = path.join(layout.kafkaConfig, 'log4j2.yaml');
  writeFileSync(properties, kafkaServerProperties(ports, layout.kafkaData));
  writeFileSync(log4jFile, log4j2);

  const java = (mainClass: string, args: string[], heap: string) => [
    `-Xmx${heap}`,
    `-Dlog4j2.configurationFile=${log4jFile}`,
    '-cp',
    classpath,
    mainClass,
    ...args,
  ];

  if (!existsSync(path.join(layout.kafkaData, 'meta.properties'))) {
    log('kafka: formatting the KRaft storage');
    const clusterId = (await run('java', java('kafka.tools.StorageTool', ['random-uuid'], '256m'))).stdout.trim().split('\n').pop()!;
    await run('java', java('kafka.tools.StorageTool', ['format', '-t', clusterId, '-c', properties], '256m'));
  }

  log(`kafka: starting on 127.0.0.1:${ports.broker}`);
  const logFile = layout.logFile('kafka');
  const logOffset = existsSync(logFile) ? statSync(logFile).size : 0;
  startDetached({
    command: 'java',
    args: ['-Xms256m', ...java('kafka.Kafka', [properties], '768m')],
    logFile: layout.logFile('kafka'),
    pidFile,
  });
  await waitFor(
    'kafka',
    async () => (await portAcceptsConnections('127.0.0.1', ports.broker)) && brokerStarted(logFile, logOffset),
    { timeoutMs: 90_000, logFile, stillRunning: () => runningPid(pidFile) !== undefined },
  );
}

/** The listener opens before the broker has caught up with its controller; this line comes after. */
function brokerStarted(logFile: string, fromOffset: number): boolean {
  return readFileSync(logFile).subarray(fromOffset).toString('utf8').includes('Kafka Server started');
}
