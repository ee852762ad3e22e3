import { busiestLeader, countLeaders } from './faults.ts';

describe('partition leaders from TopicCommand', () => {
  const description = [
    'Topic: ns.readings.raw\tTopicId: abc\tPartitionCount: 6\tReplicationFactor: 3\tConfigs: min.insync.replicas=2',
    '\tTopic: ns.readings.raw\tPartition: 0\tLeader: 2\tReplicas: 2,3,1\tIsr: 2,3,1\tElr: \tLastKnownElr: ',
    '\tTopic: ns.readings.raw\tPartition: 1\tLeader: 3\tReplicas: 3,1,2\tIsr: 3,1,2\tElr: \tLastKnownElr: ',
    '\tTopic: ns.readings.raw\tPartition: 2\tLeader: 2\tReplicas: 1,2,3\tIsr: 2,3\tElr: \tLastKnownElr: ',
    '\tTopic: ns.readings.raw\tPartition: 3\tLeader: none\tReplicas: 2,1,3\tIsr: \tElr: \tLastKnownElr: ',
    '\tTopic: ns.readings.raw\tPartition: 4\tLeader: -1\tReplicas: 3,2,1\tIsr: \tElr: \tLastKnownElr: ',
  ].join('\n');

  it('counts the partitions each node leads, leaving out partitions without a leader', () => {
    expect([...countLeaders(description)].sort()).toEqual([
      [2, 2],
      [3, 1],
    ]);
  });

  it('names the node leading the most partitions, the lowest id among equals', () => {
    expect(busiestLeader(countLeaders(description))).toBe(2);
    expect(
      busiestLeader(
        new Map([
          [3, 2],
          [1, 2],
        ]),
      ),
    ).toBe(1);
    expect(busiestLeader(new Map())).toBeUndefined();
  });
});
