import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { kafkaTools } from '@thermostream/bench';
import { loadCliConfig } from '@thermostream/cli';
import { repositoryRoot, type RunningService } from '@thermostream/pipeline';
import { groupName, type ConsumerGroupLag } from '@thermostream/kafka';
import { eventually, postReadings, startPipeline, type RunningPipeline } from '../support/pipeline.ts';
import { uniqueNamespace } from '../support/pipeline-context.ts';
import { parisReading } from '../support/raw-reading.ts';
import { testStackEndpoints } from '../support/stack.ts';

const run = promisify(execFile);
const thermoLag = async (namespace: string) => {
  const { stdout } = await run(process.execPath, ['packages/cli/src/main.ts', 'lag', '--namespace', namespace, '--json'], { cwd: repositoryRoot });
  return JSON.parse(stdout) as ConsumerGroupLag[];
};

/** What Kafka's own kafka-consumer-groups says of a group: its partitions' offsets, and its state and member count. */
async function kafkaDescribe(group: string) {
  const endpoints = await testStackEndpoints();
  const tools = kafkaTools(loadCliConfig().dataDir, endpoints.kafkaBrokers);
  const describe = (...extra: string[]) =>
    tools.run(['org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', '--bootstrap-server', endpoints.kafkaBrokers.join(','), '--describe', '--group', group, ...extra]);
  const rowsOf = (table: string) =>
    table
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((cells) => cells[0] === group);
  // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
  const partitions = rowsOf(await describe())
    .map(([, topic, partition, current, logEnd, lag]) => ({
      topic: topic!,
      partition: Number(partition),
      committedOffset: current === '-' ? null : Number(current),
      logEndOffset: Number(logEnd),
      lag: lag === '-' ? null : Number(lag),
    }))
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  // GROUP COORDINATOR (ID) ASSIGNMENT-STRATEGY STATE #MEMBERS: the coordinator is two cells, host:port and (id).
  const [state] = rowsOf(await describe('--state'));
  return { partitions, state: state!.at(-2), members: Number(state!.at(-1)) };
}

describe('thermo lag', () => {
  let pipeline: RunningPipeline;

  beforeAll(async () => {
    // Paused instances stay members while the comparison runs, however slow the machine.
    pipeline = await startPipeline(uniqueNamespace('lag'), { environment: { KAFKA_SESSION_TIMEOUT_MS: '120000' } });
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it("agrees with kafka-consumer-groups on a group of two instances, every partition's lag counted whichever instance owns it", async () => {
    const group = groupName('filter', pipeline.namespace);
    const second = await pipeline.startInstance('filter', 1);
    const filters = pipeline.instances.filter((instance) => instance.service === 'filter');
    expect(filters).toHaveLength(2);
    const readings = Array.from({ length: 60 }, (_, index) => parisReading(`lag-${index}`));
    expect((await postReadings(pipeline, readings)).body.accepted).toBe(60);
    // Both members hold partitions and the group has committed what it read.
    const settled = await eventually(
      'the filter group stable with two members, every readings.raw record committed',
      async () => (await thermoLag(pipeline.namespace)).find((entry) => entry.group === group)!,
      (entry) =>
        entry.state === 'Stable' &&
        entry.members === 2 &&
        new Set(entry.partitions.map((partition) => partition.member)).size === 2 &&
        entry.partitions.reduce((sum, partition) => sum + (partition.committedOffset ?? 0), 0) === 60,
      90_000,
    );
    expect(settled.totalLag).toBe(0);

    // Both instances paused: the next readings wait in the log, a lag on the partitions of each.
    const pause = (signal: NodeJS.Signals) => filters.forEach((instance: RunningService) => instance.kill(signal));
    pause('SIGSTOP');
    try {
      const more = Array.from({ length: 40 }, (_, index) => parisReading(`lag-more-${index}`));
      expect((await postReadings(pipeline, more)).body.accepted).toBe(40);
      const ours = (await thermoLag(pipeline.namespace)).find((entry) => entry.group === group)!;
      const kafka = await kafkaDescribe(group);

      expect(ours.totalLag).toBe(40);
      expect(ours.partitions.map(({ member: _member, ...partition }) => partition)).toEqual(kafka.partitions);
      expect({ state: ours.state, members: ours.members }).toEqual({ state: kafka.state, members: kafka.members });
      expect(new Set(ours.partitions.filter((partition) => (partition.lag ?? 0) > 0).map((partition) => partition.member)).size).toBe(2);
    } finally {
      pause('SIGCONT');
    }
    // A stopped instance leaves its group though it has a stable name in it: the other takes every
    // partition well before the 30 s the group would wait for a member that just went silent.
    await pipeline.stopInstance(second);
    await eventually(
      'the first filter alone, owning every partition',
      async () => (await thermoLag(pipeline.namespace)).find((entry) => entry.group === group)!,
      (entry) => entry.state === 'Stable' && entry.members === 1 && entry.partitions.every((partition) => partition.member === entry.partitions[0]!.member),
      15_000,
    );
  });
});
