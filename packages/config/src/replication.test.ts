import { ConfigError, kafkaSettings, loadConfig, replicationForCluster, topicReplication } from './index.ts';

describe('replicationForCluster', () => {
  it('keeps one copy on one broker and three copies, two in sync, from three brokers on', () => {
    expect(replicationForCluster(1)).toEqual({ replicationFactor: 1, minInsyncReplicas: 1 });
    expect(replicationForCluster(2)).toEqual({ replicationFactor: 2, minInsyncReplicas: 1 });
    expect(replicationForCluster(3)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(replicationForCluster(5)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
  });
});

describe('topicReplication', () => {
  const replicationOf = (environment: Record<string, string>) => topicReplication(loadConfig(kafkaSettings, environment));

  it('follows the brokers the services are given when nothing is set', () => {
    expect(replicationOf({})).toEqual({ replicationFactor: 1, minInsyncReplicas: 1 });
    expect(replicationOf({ KAFKA_BROKERS: '127.0.0.1:19092,127.0.0.1:19094,127.0.0.1:19096' })).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
  });

  it('takes explicit settings over the cluster size, deriving the in-sync count from the factor', () => {
    expect(replicationOf({ KAFKA_REPLICATION_FACTOR: '3' })).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(replicationOf({ KAFKA_BROKERS: 'a:1,b:2,c:3', KAFKA_MIN_INSYNC_REPLICAS: '1' })).toEqual({ replicationFactor: 3, minInsyncReplicas: 1 });
    expect(replicationOf({ KAFKA_REPLICATION_FACTOR: 'auto', KAFKA_MIN_INSYNC_REPLICAS: 'auto' })).toEqual({ replicationFactor: 1, minInsyncReplicas: 1 });
  });

  it('refuses a min.insync.replicas no write could meet, and values that are not counts', () => {
    expect(() => replicationOf({ KAFKA_REPLICATION_FACTOR: '2', KAFKA_MIN_INSYNC_REPLICAS: '3' })).toThrow(ConfigError);
    expect(() => replicationOf({ KAFKA_REPLICATION_FACTOR: '0' })).toThrow('KAFKA_REPLICATION_FACTOR must be auto or an integer between 1 and 16, got "0"');
  });
});
