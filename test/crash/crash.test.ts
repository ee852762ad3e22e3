import { createReadingGenerator, seededRandom } from '@thermostream/bench';
import type { RunningService } from '@thermostream/pipeline';
import { integerSetting, loadConfig, type ServiceName } from '@thermostream/config';
import { createRegionAssigner } from '@thermostream/regions';
import { eventually, postReadings, startPipeline, type RunningPipeline } from '../support/pipeline.ts';
import { uniqueNamespace } from '../support/pipeline-context.ts';

/** A small run by default; CRASH_KILL_CYCLES and CRASH_READINGS make longer ones. */
const run = loadConfig({
  killCycles: integerSetting({ env: 'CRASH_KILL_CYCLES', description: 'Kill-and-restart cycles of the crash test.', defaultValue: '6', min: 1 }),
  readings: integerSetting({ env: 'CRASH_READINGS', description: 'Fewest readings the crash test POSTs (it goes on until the last kill).', defaultValue: '20000', min: 100 }),
  seed: integerSetting({ env: 'CRASH_SEED', description: 'Seed of the crash test (readings and kill moments).', defaultValue: '7', min: 1 }),
});

/** Every processing service, and two instances of scd-writer, which is also killed both at once. */
const victims: { service: ServiceName; instance: number }[] = [
  { service: 'filter', instance: 0 },
  { service: 'region-partitioner', instance: 0 },
  { service: 'scd-writer', instance: 0 },
  { service: 'scd-writer', instance: 1 },
  { service: 'aggregator', instance: 0 },
];

const batchSize = 250;

/**
 * POSTs as a partner would: a 503 (the broker too slow to acknowledge in time, on a busy machine)
 * is retried after Retry-After. Some readings of a refused request may have reached Kafka all the
 * same; sending them again is the duplicate the history must absorb.
 */
async function postUntilAccepted(pipeline: RunningPipeline, readings: unknown[]): Promise<void> {
  for (;;) {
    const answer = await postReadings(pipeline, readings);
    if (answer.status !== 503) {
      expect(answer.status).toBe(200);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, Number(answer.retryAfter ?? 1) * 1_000)));
  }
}

describe('exactly once whatever is killed or rebalanced', () => {
  let pipeline: RunningPipeline;

  beforeAll(async () => {
    // A short session lets the group notice a killed member in seconds instead of half a minute.
    pipeline = await startPipeline(uniqueNamespace('crash'), { environment: { KAFKA_SESSION_TIMEOUT_MS: '6000' } });
    await pipeline.startInstance('scd-writer', 1);
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('counts every current reading exactly once after SIGKILLs of every processing service and a scale-out and in during a load', async () => {
    const random = seededRandom(run.seed + 1);
    const generator = createReadingGenerator({
      seed: run.seed,
      startTime: Date.UTC(2026, 10, 20),
      shares: { corrections: 0.2, duplicates: 0.05, invalid: 0.02, foreign: 0.08 },
    });

    let posted = 0;
    let killsDone = false;
    let loadDone = false;
    const load = (async () => {
      while (posted < run.readings || !killsDone) {
        const readings = Array.from({ length: batchSize }, () => generator.next());
        await postUntilAccepted(pipeline, readings);
        posted += readings.length;
        // Spread the load over the kill cycles instead of posting it all before the first kill.
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      loadDone = true;
    })();

    const instanceOf = (victim: { service: ServiceName; instance: number }): RunningService =>
      pipeline.instances.find((running) => running.service === victim.service && running.instance === victim.instance)!;
    const killAndRestart = async (chosen: { service: ServiceName; instance: number }[]) => {
      await Promise.all(chosen.map((victim) => pipeline.stopInstance(instanceOf(victim), 'SIGKILL')));
      await Promise.all(chosen.map((victim) => pipeline.startInstance(victim.service, victim.instance)));
    };
    const kills: string[] = [];
    for (let cycle = 0; cycle < run.killCycles; cycle += 1) {
      // Scaling out half-way and in at the end adds the rebalances an operator causes.
      if (cycle === Math.floor(run.killCycles / 2)) await pipeline.startInstance('aggregator', 1);
      await new Promise((resolve) => setTimeout(resolve, 300 + random() * 1_500));
      // Every victim once in turn, then both scd-writer instances at once, then again.
      const turn = cycle % (victims.length + 1);
      const chosen = turn === victims.length ? victims.filter((victim) => victim.service === 'scd-writer') : [victims[turn]!];
      kills.push(`${chosen.map((victim) => `${victim.service}#${victim.instance}`).join('+')} at ${posted}`);
      await killAndRestart(chosen);
    }
    await pipeline.stopInstance(instanceOf({ service: 'aggregator', instance: 1 }));
    killsDone = true;
    await load;
    expect(loadDone).toBe(true);

    const expected = generator.expectedAggregates(createRegionAssigner({ mode: 'polygon' }));
    const expectedRows = [...expected].map(([key, aggregate]) => `${key} ${aggregate.points} ${aggregate.sumTenths}`).sort();
    const actualRows = async () =>
      (
        await pipeline.database.query<{ region_code: string; hour: Date; number_of_points: number; temperature_sum: string }>(
          'SELECT region_code, hour, number_of_points, temperature_sum::text FROM region_hourly_temperature',
        )
      ).rows
        .map((row) => `${row.region_code}|${row.hour.toISOString()} ${row.number_of_points} ${Math.round(Number(row.temperature_sum) * 10)}`)
        .sort();
    const actual = await eventually('aggregates equal to the generator’s', actualRows, (rows) => JSON.stringify(rows) === JSON.stringify(expectedRows), 180_000).catch(
      async (error: unknown) => {
        const rows = await actualRows();
        const missing = expectedRows.filter((row) => !rows.includes(row));
        const unexpected = rows.filter((row) => !expectedRows.includes(row));
        // Whether the history or the table went wrong: verify compares the two.
        const verified = await pipeline.verify();
        throw new Error(
          `${String(error).slice(0, 200)}\nexpected but absent: ${missing.slice(0, 10).join('; ')}\nfound but not expected: ${unexpected.slice(0, 10).join('; ')}` +
            `\nverify: ${JSON.stringify({ differences: verified.differences.slice(0, 10), imbalances: verified.imbalances })}`,
        );
      },
    );
    expect(actual).toEqual(expectedRows);

    const report = await pipeline.verify();
    expect(report.differences).toEqual([]);
    expect(report.imbalances).toBe(0);
    const points = [...expected.values()].reduce((sum, aggregate) => sum + aggregate.points, 0);
    expect(report.currentReadings).toBe(points);
    console.log(
      `crash test: ${run.killCycles} kill cycles (${kills.join(', ')}), ${posted} readings posted, ${points} current readings in regions, ` +
        `${report.regionHoursCompared} region-hours compared, ${report.differences.length} mismatches`,
    );
  }, 120_000 + run.killCycles * 20_000);
});
