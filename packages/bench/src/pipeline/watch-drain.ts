import type { RunningService } from '@thermostream/pipeline';
import type { Queryable } from '@thermostream/postgres';
import type { ProgressSample } from './drain-progress.ts';
import { exitWatch, serviceUsageSampler, untilNextSample, type ServiceUsage } from './service-usage.ts';

export const sampleIntervalMs = 100;

export interface DrainWatch {
  seconds: number;
  samples: ProgressSample[];
  services: ServiceUsage[];
  /** The highest sum of every service's resident memory at one sample. */
  peakRssMegabytes: number;
}

/** Points in the namespace's table; none while its migrations have not created it yet. */
export async function pointsInTable(database: Queryable): Promise<number> {
  try {
    const { rows } = await database.query<{ points: string }>('SELECT coalesce(sum(number_of_points), 0) AS points FROM region_hourly_temperature');
    return Number(rows[0]!.points);
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return 0;
    throw error;
  }
}

/**
 * Samples the table's points and every service's /proc/<pid>/stat about every 100 ms from the
 * services' readiness until the table holds the expected points; fails when a service exits, the
 * table overshoots, or the deadline passes. Seconds count from `startedAt`.
 */
export async function watchDrain(options: {
  database: Queryable;
  services: readonly RunningService[];
  startedAt: number;
  expectedPoints: number;
  timeoutMs: number;
  progress: (line: string) => void;
}): Promise<DrainWatch> {
  const usage = serviceUsageSampler(options.services);
  const exits = exitWatch(options.services);
  // Nothing reaches the table before the services are ready, which is when watching starts.
  const samples: ProgressSample[] = [{ seconds: 0, points: 0 }];
  let lastReport = 0;
  for (;;) {
    usage.sample();
    const points = await pointsInTable(options.database);
    const seconds = (Date.now() - options.startedAt) / 1000;
    samples.push({ seconds, points });
    if (seconds - lastReport >= 5) {
      lastReport = seconds;
      options.progress(`${seconds.toFixed(0)} s: ${points} of ${options.expectedPoints} points`);
    }
    if (points >= options.expectedPoints) {
      if (points > options.expectedPoints) throw new Error(`the table holds ${points} points, more than the ${options.expectedPoints} expected`);
      return { seconds, samples, ...usage.summary(seconds) };
    }
    const failure = exits.failure();
    if (failure) throw failure;
    if (Date.now() - options.startedAt > options.timeoutMs) {
      throw new Error(`the table held ${points} of ${options.expectedPoints} points after ${Math.round(options.timeoutMs / 1000)} s`);
    }
    await untilNextSample(options.startedAt, sampleIntervalMs);
  }
}
