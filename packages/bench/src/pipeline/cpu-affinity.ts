import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { snapshotProcesses } from './server-usage.ts';

/** The CPU list (taskset's `-c` form) that holds processes to the first `cores` cores of a machine with `available`. */
export function cpuListOf(cores: number, available: number): string {
  if (!Number.isInteger(cores) || cores < 1 || cores > available) throw new Error(`--cpus must be a whole number of cores from 1 to ${available}, not ${cores}`);
  return cores === 1 ? '0' : `0-${cores - 1}`;
}

/** The `Cpus_allowed_list` of a /proc/<pid>/status: the CPUs a process may run on, in taskset's `-c` form. */
export function allowedCpus(status: string): string | undefined {
  return /^Cpus_allowed_list:\s*(\S+)\s*$/m.exec(status)?.[1];
}

/** The pids of every process under these roots (PostgreSQL's connections under its postmaster), roots included. */
export function processTrees(roots: readonly number[], parents: ReadonlyMap<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, parent] of parents) children.set(parent, [...(children.get(parent) ?? []), pid]);
  const found: number[] = [];
  const pending = roots.filter((root) => parents.has(root));
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    found.push(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return found;
}

/**
 * Holds running servers (each with its processes and all their threads) to a CPU list, as
 * `taskset -a -p -c` does; processes they fork later inherit it. Returns what puts every one
 * back on the CPUs it had. A process that ended meanwhile is skipped.
 */
export function holdToCpus(roots: readonly number[], cpuList: string): { release(): void } {
  const processes = snapshotProcesses();
  const parents = new Map([...processes].map(([pid, stat]) => [pid, stat.parentPid]));
  const previous = new Map<number, string>();
  for (const pid of processTrees(roots, parents)) {
    const allowed = currentCpus(pid);
    if (allowed === undefined || !setCpus(pid, cpuList)) continue;
    previous.set(pid, allowed);
  }
  return {
    release() {
      for (const [pid, allowed] of previous) setCpus(pid, allowed);
    },
  };
}

function currentCpus(pid: number): string | undefined {
  try {
    return allowedCpus(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
}

function setCpus(pid: number, cpuList: string): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cpuList, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
