import { kafkaTools } from '../namespace/kafka-tools.ts';
import { isAlive, kafkaClusterNodes, kafkaNodeName, runningPid, stackBrokerCount, stackLayout, type ComponentName, type StackOptions } from '@thermostream/stack';

/** The infrastructure outages an operator meets, each as it happens for real. */
export type InfrastructureFault =
  /** SIGKILL of a broker: a crash or an OOM kill. */
  | 'broker-killed'
  /** SIGSTOP then SIGCONT of a broker: it stops answering with its connections open, as behind a network partition or in a long GC pause. */
  | 'broker-paused'
  /** Immediate shutdown (SIGQUIT to the postmaster): no checkpoint, crash recovery at the next start, as after a failover. */
  | 'postgres-stopped'
  /** SIGKILL of the schema registry. */
  | 'registry-killed';

/** The Kafka nodes of a stack, by their component names (kafka, kafka-2, kafka-3). */
export function brokerComponents(options: StackOptions): { nodeId: number; name: ComponentName; address: string }[] {
  return kafkaClusterNodes(options.ports?.kafka ?? 19092, stackBrokerCount(options)).map((node) => ({
    nodeId: node.id,
    name: kafkaNodeName(node.id),
    address: `127.0.0.1:${node.ports.broker}`,
  }));
}

function pidOf(options: StackOptions, component: ComponentName): number {
  const pid = runningPid(stackLayout(options.dataDir).pidFile(component));
  if (pid === undefined) throw new Error(`${component} is not running on the stack in ${options.dataDir}`);
  return pid;
}

async function untilGone(pid: number, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`${what} (pid ${pid}) still runs ${timeoutMs / 1000} s after its signal`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** SIGKILL to a component of the stack; resolves once the process is gone. */
export async function killComponent(options: StackOptions, component: ComponentName): Promise<void> {
  const pid = pidOf(options, component);
  process.kill(pid, 'SIGKILL');
  await untilGone(pid, component);
}

/**
 * PostgreSQL's immediate shutdown (what `pg_ctl stop -m immediate` sends): the postmaster ends every
 * backend without a checkpoint; the next start replays the WAL. Resolves once the postmaster is gone.
 */
export async function stopPostgresImmediately(options: StackOptions): Promise<void> {
  const pid = pidOf(options, 'postgres');
  process.kill(pid, 'SIGQUIT');
  await untilGone(pid, 'postgres');
}

/** SIGSTOP to a component; the function it returns sends SIGCONT. */
export function pauseComponent(options: StackOptions, component: ComponentName): () => void {
  const pid = pidOf(options, component);
  process.kill(pid, 'SIGSTOP');
  return () => {
    if (isAlive(pid)) process.kill(pid, 'SIGCONT');
  };
}

/** How many partitions of a topic each broker leads now, from Kafka's own TopicCommand (node id → count). */
export async function partitionLeaders(options: StackOptions, topic: string): Promise<Map<number, number>> {
  const brokers = brokerComponents(options).map((broker) => broker.address);
  const description = await kafkaTools(options.dataDir, brokers).run(['org.apache.kafka.tools.TopicCommand', '--bootstrap-server', brokers.join(','), '--describe', '--topic', topic]);
  return countLeaders(description);
}

/** Parses TopicCommand's description: one line per partition with `Leader: <node id>` (none while a partition has no leader). */
export function countLeaders(description: string): Map<number, number> {
  const leaders = new Map<number, number>();
  for (const match of description.matchAll(/\bPartition: \d+\s+Leader: (-?\d+)/g)) {
    const nodeId = Number(match[1]);
    if (nodeId >= 0) leaders.set(nodeId, (leaders.get(nodeId) ?? 0) + 1);
  }
  return leaders;
}

/** The node leading the most partitions (the lowest id among equals). */
export function busiestLeader(leaders: Map<number, number>): number | undefined {
  return [...leaders].sort(([idA, countA], [idB, countB]) => countB - countA || idA - idB)[0]?.[0];
}
