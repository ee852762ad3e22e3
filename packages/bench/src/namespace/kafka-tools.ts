import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { stackLayout } from '@thermostream/stack';

const run = promisify(execFile);

/** Kafka's command-line tools on the classpath the stack resolved for its broker (kafka-tools is on it). */
export interface KafkaTools {
  /** Runs a tool's main class and gives what it printed on stdout; fails with its stderr. */
  run(args: readonly string[], options?: { heap?: string }): Promise<string>;
  createTopic(topic: string, partitions: number): Promise<void>;
  /** Deletes every topic of the given pipeline namespaces, with one run of the tool. */
  deleteNamespaceTopics(namespaces: readonly string[]): Promise<void>;
}

export function kafkaTools(dataDir: string, brokers: readonly string[]): KafkaTools {
  // Written by the stack when it resolved the broker (startKafka).
  const classpathFile = path.join(stackLayout(dataDir).downloadsDir, 'kafka.classpath');
  let classpath: string;
  try {
    classpath = readFileSync(classpathFile, 'utf8').trim();
  } catch {
    throw new Error(`no Kafka classpath at ${classpathFile}: run \`pnpm thermo stack up\` first`);
  }
  const tools: KafkaTools = {
    async run(args, options = {}) {
      try {
        const { stdout } = await run('java', [`-Xmx${options.heap ?? '256m'}`, '-cp', classpath, ...args], { maxBuffer: 16 * 1024 * 1024 });
        return stdout;
      } catch (error) {
        const { stderr, stdout } = error as { stderr?: string; stdout?: string };
        throw new Error(`${args[0]} failed: ${(stderr || stdout || (error as Error).message).trim()}`);
      }
    },
    async createTopic(topic, partitions) {
      await tools.run(topicCommand(brokers, ['--create', '--topic', topic, '--partitions', String(partitions), '--replication-factor', '1']));
    },
    async deleteNamespaceTopics(namespaces) {
      if (namespaces.length === 0) return;
      await tools.run(topicCommand(brokers, ['--delete', '--if-exists', '--topic', namespaceTopicsPattern(namespaces)]));
    },
  };
  return tools;
}

function topicCommand(brokers: readonly string[], args: string[]): string[] {
  return ['org.apache.kafka.tools.TopicCommand', '--bootstrap-server', brokers.join(','), ...args];
}

/** TopicCommand reads `--topic` as a regular expression when deleting; a namespace's topics are `<namespace>.<name>`. */
export function namespaceTopicsPattern(namespaces: readonly string[]): string {
  for (const namespace of namespaces) {
    if (!/^[a-z][a-z0-9_]*$/.test(namespace)) throw new Error(`not a pipeline namespace: ${JSON.stringify(namespace)}`);
  }
  return `(${namespaces.join('|')})\\..*`;
}
