import type { RunningService } from '@thermostream/pipeline';
import { procUnits, readProcessStat } from './process-stat.ts';

export interface ServiceUsage {
  service: string;
  pid: number;
  cpuSeconds: number;
  /** CPU seconds per second of the run: 1 is one core busy all along. */
  busy: number;
  peakRssMegabytes: number;
}

/**
 * Follows the CPU time and resident memory of the services' processes, one /proc/<pid>/stat read
 * each per sample. A process's CPU time counts from its start, so the last sample before it exits
 * holds all of it.
 */
export function serviceUsageSampler(services: readonly RunningService[]) {
  const { ticksPerSecond, pageBytes } = procUnits();
  const usage = new Map<number, { service: string; cpuTicks: number; peakRssPages: number }>();
  let peakRssPages = 0;
  const megabytes = (pages: number) => Math.round((pages * pageBytes) / 2 ** 20);
  return {
    sample(): void {
      let rssPages = 0;
      for (const service of services) {
        const stat = readProcessStat(service.pid);
        if (stat === undefined) continue;
        const known = usage.get(service.pid) ?? { service: service.service, cpuTicks: 0, peakRssPages: 0 };
        known.cpuTicks = stat.cpuTicks;
        known.peakRssPages = Math.max(known.peakRssPages, stat.rssPages);
        usage.set(service.pid, known);
        rssPages += stat.rssPages;
      }
      peakRssPages = Math.max(peakRssPages, rssPages);
    },
    /** Each service over a run of `seconds`, and the highest sum of their resident memory at one sample. */
    summary(seconds: number): { services: ServiceUsage[]; peakRssMegabytes: number } {
      return {
        peakRssMegabytes: megabytes(peakRssPages),
        services: [...usage].map(([pid, known]) => ({
          service: known.service,
          pid,
          cpuSeconds: known.cpuTicks / ticksPerSecond,
          busy: known.cpuTicks / ticksPerSecond / seconds,
          peakRssMegabytes: megabytes(known.peakRssPages),
        })),
      };
    },
  };
}

/** Names the services that exited, once any has. */
export function exitWatch(services: readonly RunningService[]) {
  const exits = new Map<string, number | string>();
  for (const service of services) void service.exited.then((exit) => exits.set(service.service, exit));
  return {
    /** The exits so far as an error, `when` ending its message; undefined while every service runs. */
    failure(when = 'before the table was complete'): Error | undefined {
      return exits.size === 0 ? undefined : new Error(`${[...exits].map(([service, exit]) => `${service} exited (${exit})`).join(', ')} ${when}`);
    },
  };
}

/** Waits until the next multiple of `intervalMs` after `since`, so samples keep their rhythm whatever a sample cost. */
export function untilNextSample(since: number, intervalMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, intervalMs - ((Date.now() - since) % intervalMs)));
}
