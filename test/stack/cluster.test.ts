import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createAvroSerde, createSchemaRegistry } from '@thermostream/avro';
import { kafkaSettings, loadConfig, topicReplication } from '@thermostream/config';
import { createKafkaContext, prepareTopics, topicName, topics } from '@thermostream/kafka';
import { createLogger } from '@thermostream/observability';
import { freePorts, kafkaClusterNodes, kafkaNodeName, stackLayout, startKafkaCluster, stopProcess, type KafkaNode } from '@thermostream/stack';
import { uniqueNamespace } from '../support/pipeline-context.ts';
import { testStackEndpoints, testStackOptions } from '../support/stack.ts';

const run = promisify(execFile);

describe('a three-broker stack', () => {
  const layout = stackLayout(mkdtempSync(path.join(tmpdir(), 'thermostream-cluster-')));
  let nodes: KafkaNode[] = [];

  afterAll(async () => {
    await Promise.all(nodes.map((node) => stopProcess(layout.pidFile(kafkaNodeName(node.id)), 20_000)));
    rmSync(layout.dataDir, { recursive: true, force: true });
  });

  it('replicates the topics the product creates three times, two in sync, following the brokers it is given', async () => {
    // The classpath the shared stack already resolved: Maven would only rebuild the same file.
    const shared = stackLayout(testStackOptions().dataDir);
    mkdirSync(layout.downloadsDir, { recursive: true });
    for (const file of ['kafka.classpath', 'kafka.classpath.pom-hash']) {
      const source = path.join(shared.downloadsDir, file);
      if (existsSync(source)) copyFileSync(source, path.join(layout.downloadsDir, file));
    }
    // Six consecutive free ports: three broker/controller pairs, away from the shared stack's.
    nodes = kafkaClusterNodes(await freePorts(6), 3);
    await startKafkaCluster(layout, nodes, () => undefined);

    const brokers = nodes.map((node) => `127.0.0.1:${node.ports.broker}`);
    const namespace = uniqueNamespace('cluster');
    const context = createKafkaContext({
      brokers,
      clientId: `test-${namespace}`,
      namespace,
      serde: createAvroSerde(createSchemaRegistry((await testStackEndpoints()).schemaRegistryUrl)),
      logger: createLogger({ service: 'test', level: 'fatal' }),
    });
    // What a service does at start: its settings left to auto, KAFKA_BROKERS naming the three brokers.
    await prepareTopics(context, topicReplication(loadConfig(kafkaSettings, { KAFKA_BROKERS: brokers.join(',') })));

    // Kafka's own tools, not our client, say what the brokers hold.
    const classpath = readFileSync(path.join(layout.downloadsDir, 'kafka.classpath'), 'utf8').trim();
    const kafkaTool = async (mainClass: string, args: string[]) => {
      try {
        return (await run('java', ['-Xmx256m', '-cp', classpath, mainClass, '--bootstrap-server', brokers.join(','), ...args])).stdout;
      } catch (error) {
        throw new Error(`${mainClass} ${args.join(' ')}: ${(error as { stderr?: string }).stderr ?? String(error)}`);
      }
    };
    const describe = (topic: string) => kafkaTool('org.apache.kafka.tools.TopicCommand', ['--describe', '--topic', topic]);
    const clean = await describe(topicName(topics.clean, namespace));
    expect(clean).toMatch(/ReplicationFactor: 3/);
    expect(clean).toMatch(/min\.insync\.replicas=2/);
    const partitions = clean.split('\n').filter((line) => /\bPartition: \d+/.test(line));
    expect(partitions).toHaveLength(topics.clean.partitions);
    for (const line of partitions) expect(line).toMatch(/Replicas: \d+,\d+,\d+/);

    // The brokers' own topics (group offsets, transaction state) are replicated the same way.
    const configs = await kafkaTool('kafka.admin.ConfigCommand', ['--describe', '--entity-type', 'brokers', '--entity-name', '1', '--all']);
    expect(configs).toMatch(/offsets\.topic\.replication\.factor=3/);
    expect(configs).toMatch(/transaction\.state\.log\.min\.isr=2/);
  });
});
