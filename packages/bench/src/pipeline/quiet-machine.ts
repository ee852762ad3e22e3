import { procUnits } from './process-stat.ts';
import { snapshotProcesses, treeCpuTicks, type StackServer } from './server-usage.ts';

/** The CPU the watched servers had used so far, `seconds` after watching started. */
export interface CpuSample {
  seconds: number;
  cpuSeconds: number;
}

/** Quiet: the watched servers together busy under `maxBusyCores` over the last `windowSeconds`. */
export interface QuietRule {
  windowSeconds: number;
  maxBusyCores: number;
}

/**
 * An idle broker, registry and PostgreSQL use about 0.02 cores together here; the previous arm's
 * aftermath (segment flushes, topic deletion, autovacuum, a JVM's collections) keeps them well above.
 */
export const quietRule: QuietRule = { windowSeconds: 3, maxBusyCores: 0.1 };
/** Past this, the arm starts anyway and the report says the machine never settled. */
export const quietWaitLimitSeconds = 60;
const sampleIntervalMs = 500;

/**
 * Whether the last window of samples was quiet: the servers' CPU between the newest sample and
 * the newest one at least a window older, per second. Not quiet before a whole window was seen.
 */
export function quietDecision(samples: readonly CpuSample[], rule: QuietRule): { quiet: boolean; busyCores: number | null } {
  const newest = samples.at(-1);
  if (newest === undefined) return { quiet: false, busyCores: null };
  const start = samples.findLast((sample) => newest.seconds - sample.seconds >= rule.windowSeconds);
  if (start === undefined) return { quiet: false, busyCores: null };
  const busyCores = (newest.cpuSeconds - start.cpuSeconds) / (newest.seconds - start.seconds);
  return { quiet: busyCores <= rule.maxBusyCores, busyCores };
}

export interface QuietWait {
  /** From the start of the wait until the arm could start. */
  waitedSeconds: number;
  settled: boolean;
  /** The servers' busy cores over the last window before the arm started. */
  busyCores: number | null;
  /** The servers watched, by name. */
  servers: string[];
}

/**
 * Waits until the stack's servers (and the anchor's, when running) have settled, so that an arm
 * does not pay for the work the previous one left behind; gives up after the limit. `servers` is
 * asked before each sample: a server started or stopped meanwhile is followed. A server whose
 * process tree changed between two samples (a PostgreSQL connection ending) still counts its
 * reaped children, so the sum does not jump back.
 */
export async function waitForQuietMachine(servers: () => StackServer[], rule: QuietRule = quietRule, limitSeconds = quietWaitLimitSeconds): Promise<QuietWait> {
  const { ticksPerSecond } = procUnits();
  const startedAt = Date.now();
  const samples: CpuSample[] = [];
  const watched = new Set<string>();
  let previous = new Map<string, number>();
  let cpuSeconds = 0;
  for (;;) {
    const processes = snapshotProcesses();
    const current = new Map<string, number>();
    for (const server of servers()) {
      const ticks = treeCpuTicks(server.pid, processes);
      if (ticks === undefined) continue;
      const key = `${server.name}:${server.pid}`;
      watched.add(server.name);
      current.set(key, ticks);
      // Only what a server used since the previous sample: one that just appeared adds nothing yet.
      const before = previous.get(key);
      if (before !== undefined) cpuSeconds += Math.max(0, ticks - before) / ticksPerSecond;
    }
    previous = current;
    const seconds = (Date.now() - startedAt) / 1000;
    samples.push({ seconds, cpuSeconds });
    const decision = quietDecision(samples, rule);
    if (decision.quiet || seconds >= limitSeconds) {
      return { waitedSeconds: seconds, settled: decision.quiet, busyCores: decision.busyCores, servers: [...watched] };
    }
    await new Promise((resolve) => setTimeout(resolve, sampleIntervalMs));
  }
}
