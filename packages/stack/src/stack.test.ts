import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { kafkaClusterNodes, kafkaServerProperties } from './kafka.ts';
import { isAlive, runningPid, startDetached, stopProcess } from './processes.ts';

describe('kafkaServerProperties', () => {
  const single = kafkaClusterNodes(29092, 1);
  const properties = kafkaServerProperties(single[0]!, single, '/data/kafka');

  it('makes one KRaft node that is broker and controller, on loopback only', () => {
    expect(properties).toContain('process.roles=broker,controller');
    expect(properties).toContain('controller.quorum.voters=1@127.0.0.1:29093');
    expect(properties).toContain('listeners=PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093');
    expect(properties).toContain('log.dirs=/data/kafka');
  });

  it('gives internal topics one replica on one node and never creates topics on demand', () => {
    expect(properties).toContain('transaction.state.log.replication.factor=1');
    expect(properties).toContain('transaction.state.log.min.isr=1');
    expect(properties).toContain('offsets.topic.replication.factor=1');
    expect(properties).toContain('auto.create.topics.enable=false');
  });

  it('makes three nodes one quorum on consecutive port pairs, the first on the usual port', () => {
    const cluster = kafkaClusterNodes(19092, 3);
    expect(cluster.map((node) => [node.id, node.ports.broker, node.ports.controller])).toEqual([
      [1, 19092, 19093],
      [2, 19094, 19095],
      [3, 19096, 19097],
    ]);
    const second = kafkaServerProperties(cluster[1]!, cluster, '/data/kafka-2');
    expect(second).toContain('node.id=2');
    expect(second).toContain('controller.quorum.voters=1@127.0.0.1:19093,2@127.0.0.1:19095,3@127.0.0.1:19097');
    expect(second).toContain('listeners=PLAINTEXT://127.0.0.1:19094,CONTROLLER://127.0.0.1:19095');
  });

  it('replicates internal topics three times, two in sync, on three nodes', () => {
    const cluster = kafkaClusterNodes(19092, 3);
    const first = kafkaServerProperties(cluster[0]!, cluster, '/data/kafka');
    for (const line of [
      'offsets.topic.replication.factor=3',
      'transaction.state.log.replication.factor=3',
      'transaction.state.log.min.isr=2',
      'default.replication.factor=3',
      'min.insync.replicas=2',
    ]) {
      expect(first).toContain(line);
    }
  });
});

describe('detached processes', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'thermostream-stack-'));
  const pidFile = path.join(dir, 'run', 'sleeper.pid');
  const logFile = path.join(dir, 'logs', 'sleeper.log');

  it('records the pid of a started process, appends its output to the log, and stops it', async () => {
    const pid = startDetached({ command: 'sh', args: ['-c', 'echo hello; exec sleep 30'], logFile, pidFile });
    expect(runningPid(pidFile)).toBe(pid);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(readFileSync(logFile, 'utf8')).toContain('hello');

    await stopProcess(pidFile, 5_000);
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(pidFile)).toBe(false);
  });

  it('escalates to SIGKILL when a process ignores SIGTERM', async () => {
    const pid = startDetached({ command: 'sh', args: ['-c', "trap '' TERM; while true; do sleep 1; done"], logFile, pidFile });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await stopProcess(pidFile, 300);
    expect(isAlive(pid)).toBe(false);
  });

  it('treats a missing or stale pid file as not running', () => {
    expect(runningPid(path.join(dir, 'run', 'absent.pid'))).toBeUndefined();
  });
});
