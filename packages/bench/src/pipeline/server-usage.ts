import { readdirSync } from 'node:fs';
import { stackStatus, type StackOptions } from '@thermostream/stack';
import { procUnits, readProcessStat, type ProcessStat } from './process-stat.ts';

/** A server of the stack (the broker, PostgreSQL, the registry) by its main process. */
export interface StackServer {
  name: string;
  pid: number;
}

/** The running stack's server processes, whose CPU a benchmark reports beside the services'. */
export async function stackServers(stack: StackOptions): Promise<StackServer[]> {
  const { components } = await stackStatus(stack);
  return components.flatMap(({ name, pid }) => (pid === undefined ? [] : [{ name, pid }]));
}

export interface ServerUsage {
  name: string;
  /** CPU seconds of the server and every process under it (PostgreSQL's connections) during the run. */
  cpuSeconds: number;
}

/** Every process's stat at one moment, by pid. */
export function snapshotProcesses(): Map<number, ProcessStat> {
  const processes = new Map<number, ProcessStat>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = readProcessStat(pid);
    if (stat !== undefined) processes.set(pid, stat);
  }
  return processes;
}

/**
 * The CPU ticks a process tree has used: each live process's own, plus what its ended children
 * used (the kernel adds a child's ticks to its parent once it is waited for). undefined when the
 * root is gone.
 */
export function treeCpuTicks(root: number, processes: ReadonlyMap<number, ProcessStat>): number | undefined {
  if (!processes.has(root)) return undefined;
  const children = new Map<number, number[]>();
  for (const [pid, stat] of processes) {
    const siblings = children.get(stat.parentPid);
    if (siblings) siblings.push(pid);
    else children.set(stat.parentPid, [pid]);
  }
  let ticks = 0;
  const pending = [root];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    const stat = processes.get(pid)!;
    ticks += stat.cpuTicks + stat.reapedChildTicks;
    pending.push(...(children.get(pid) ?? []));
  }
  return ticks;
}

/**
 * Measures the stack's servers between now and `stop()`: what the product cost the broker,
 * PostgreSQL and the registry, beside what its own processes used. A server restarted meanwhile
 * is left out.
 */
export function serverUsageMeter(servers: readonly StackServer[]) {
  const { ticksPerSecond } = procUnits();
  const before = snapshotProcesses();
  return {
    stop(): ServerUsage[] {
      const after = snapshotProcesses();
      return servers.flatMap(({ name, pid }) => {
        const from = treeCpuTicks(pid, before);
        const to = treeCpuTicks(pid, after);
        return from === undefined || to === undefined ? [] : [{ name, cpuSeconds: (to - from) / ticksPerSecond }];
      });
    },
  };
}
