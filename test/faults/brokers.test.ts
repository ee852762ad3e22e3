import { brokerComponents, busiestLeader, killComponent, partitionLeaders } from '@thermostream/bench';
import { topicName, topics } from '@thermostream/kafka';
import { eventually } from '../support/pipeline.ts';
import { faultRun, startFaultBench, type FaultBench, type FaultOutcome } from './ride-through.ts';

// The worst case for a transactional hop: the broker that coordinates its group may be the one
// killed, and its offset commits must follow the coordinator to another broker and back.
describe('the pipeline rides through broker crashes on three brokers', () => {
  let bench: FaultBench | undefined;

  beforeAll(async () => {
    bench = await startFaultBench(3, 'brokers');
  }, 400_000);

  afterAll(async () => {
    await bench?.stop();
  }, 120_000);

  it('keeps acknowledging readings with a broker down, and counts every one once after the leader of most partitions and then a second broker crash', async () => {
    const { stack, pipeline, load } = bench!;
    const raw = topicName(topics.raw, pipeline.namespace);
    const brokers = brokerComponents(stack.options);
    const outcomes: FaultOutcome[] = [];
    const killed: number[] = [];
    for (const round of [1, 2]) {
      // The broker that leads the most partitions of readings.raw now, among those not killed yet.
      const leaders = await partitionLeaders(stack.options, raw);
      for (const nodeId of killed) leaders.delete(nodeId);
      const victim = brokers.find((broker) => broker.nodeId === busiestLeader(leaders))!;
      expect(victim).toBeDefined();
      killed.push(victim.nodeId);
      outcomes.push(
        await bench!.rideThrough({
          name: `broker ${victim.nodeId} SIGKILL (leader of ${leaders.get(victim.nodeId)} partitions of readings.raw, kill ${round})`,
          inject: () => killComponent(stack.options, victim.name),
          // With two of three replicas in sync, writes go on: the outage lasts until a request is acknowledged without the broker.
          outage: async () => {
            const acknowledged = load.counters.acknowledgedRequests;
            await eventually('a request acknowledged with a broker down', async () => load.counters.acknowledgedRequests, (now) => now > acknowledged + 2, 120_000);
            await new Promise((resolve) => setTimeout(resolve, faultRun.outageSeconds * 1000));
          },
          restore: () => stack.heal(),
        }),
      );
    }
    expect(new Set(killed).size).toBe(2);
    console.log(`broker crashes: ${JSON.stringify(outcomes)}; load ${JSON.stringify(load.counters)}`);
  }, 2 * (faultRun.outageSeconds + faultRun.recoverySeconds + 300) * 1000);
});
