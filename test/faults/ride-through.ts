import { compareAggregates, createReadingGenerator, startOwnStack, startPartnerLoad, tableAggregates, type OwnStack, type PartnerLoad } from '@thermostream/bench';
import { probeService, serviceWorks } from '@thermostream/pipeline';
import { integerSetting, loadConfig } from '@thermostream/config';
import { createRegionAssigner } from '@thermostream/regions';
import { eventually, startPipeline, type RunningPipeline } from '../support/pipeline.ts';
import { uniqueNamespace } from '../support/pipeline-context.ts';
import { testStackOptions } from '../support/stack.ts';

/** Short outages by default; FAULTS_* make longer ones. */
export const faultRun = loadConfig({
  outageSeconds: integerSetting({ env: 'FAULTS_OUTAGE_SECONDS', description: 'How long a killed component of the fault tests stays down before it is brought back.', defaultValue: '5', min: 0 }),
  pauseSeconds: integerSetting({ env: 'FAULTS_PAUSE_SECONDS', description: 'How long the fault tests keep a broker stopped (SIGSTOP) before SIGCONT.', defaultValue: '20', min: 1 }),
  // A broker restart costs the pipeline seconds, even on a busy machine; two minutes is well beyond a
  // recovery and well within a stall nobody notices (HEALTH_STALL_TIMEOUT_MS is as long).
  recoverySeconds: integerSetting({ env: 'FAULTS_RECOVERY_SECONDS', description: 'Deadline for the pipeline to recover after a component came back.', defaultValue: '120', min: 10 }),
  readingsBetween: integerSetting({ env: 'FAULTS_READINGS_BETWEEN', description: 'Readings acknowledged between two faults of the fault tests.', defaultValue: '1500', min: 1 }),
  seed: integerSetting({ env: 'FAULTS_SEED', description: 'Seed of the fault tests’ readings.', defaultValue: '11', min: 1 }),
});

/** A stack of the test's own, the six services on it, and a partner load with corrections and duplicates running through http-ingest. */
export interface FaultBench {
  stack: OwnStack;
  pipeline: RunningPipeline;
  load: PartnerLoad;
  /** Injects a fault, waits through the outage (`outage` resolves once it should end), brings the component back, then checks the pipeline recovered. */
  rideThrough(fault: { name: string; inject: () => Promise<void>; outage: () => Promise<void>; restore: () => Promise<void> }): Promise<FaultOutcome>;
  stop(): Promise<void>;
}

export interface FaultOutcome {
  fault: string;
  outageSeconds: number;
  /** From the component's return until every acknowledged reading is in the table once and every service works. */
  recoverySeconds: number;
  acknowledgedReadings: number;
}

export async function startFaultBench(brokers: number, prefix: string): Promise<FaultBench> {
  const stack = await startOwnStack({ brokers, seedDataDir: testStackOptions().dataDir });
  let pipeline: RunningPipeline;
  try {
    // A short session: a service notices a lost coordinator, and the group a restarted member, in seconds.
    pipeline = await startPipeline(uniqueNamespace(prefix), { endpoints: stack.endpoints, environment: { KAFKA_SESSION_TIMEOUT_MS: '10000' } });
  } catch (error) {
    await stack.stop();
    throw error;
  }
  const generator = createReadingGenerator({
    seed: faultRun.seed,
    startTime: Date.UTC(2026, 10, 21),
    shares: { corrections: 0.15, duplicates: 0.05, invalid: 0.02, foreign: 0.08 },
  });
  const assign = createRegionAssigner({ mode: 'polygon' });
  const load = startPartnerLoad({
    url: pipeline.ingestUrl,
    apiKey: pipeline.apiKey,
    next: generator.next,
    readingsPerRequest: 100,
    pauseMs: 100,
    senders: 2,
    maxRetryDelayMs: 1_000,
    requestTimeoutMs: 30_000,
  });

  const exits = () =>
    Promise.all(
      pipeline.instances.map(async (running) => {
        const exit = await Promise.race([running.exited, Promise.resolve(undefined)]);
        return exit === undefined ? undefined : `${running.service} exited (${exit}); see ${running.logFile}`;
      }),
    ).then((found) => found.filter((line) => line !== undefined));

  const state = async () => {
    const expected = generator.expectedAggregates(assign);
    const comparison = await tableAggregates(pipeline.database).then(
      (actual) => compareAggregates(expected, actual),
      (error: unknown) => ({ equal: false, missingPoints: NaN, extraPoints: NaN, differences: [`table unreadable: ${String(error)}`] }),
    );
    const probes = await Promise.all(pipeline.instances.map(async ({ service, port }) => ({ service, ...(await probeService(service, port)) })));
    return { comparison, notWorking: probes.filter((probe) => !serviceWorks(probe)), exited: await exits() };
  };

  return {
    stack,
    pipeline,
    load,
    async rideThrough(fault) {
      const before = load.counters.acknowledgedReadings;
      await eventually('the load acknowledged before the fault', async () => load.counters.acknowledgedReadings, (acknowledged) => acknowledged >= before + faultRun.readingsBetween, 180_000);
      const injectedAt = Date.now();
      await fault.inject();
      await fault.outage();
      await fault.restore();
      const restoredAt = Date.now();
      // The partner stops sending new readings: what it had sent is acknowledged, and the table can then be compared.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        load.quiesce(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${fault.name}: http-ingest acknowledged nothing for ${faultRun.recoverySeconds} s after the component came back`)), faultRun.recoverySeconds * 1000);
        }),
      ]).finally(() => clearTimeout(timer));
      const recovered = await eventually(
        `${fault.name}: every acknowledged reading counted once and every service working`,
        state,
        (now) => now.comparison.equal && now.notWorking.length === 0 && now.exited.length === 0,
        Math.max(10_000, faultRun.recoverySeconds * 1000 - (Date.now() - restoredAt)),
      ).catch(async (error: unknown) => {
        const now = await state();
        throw new Error(
          `${String(error).slice(0, 300)}\n` +
            `table vs generator: ${now.comparison.missingPoints} points missing, ${now.comparison.extraPoints} extra; ${now.comparison.differences.join('; ')}\n` +
            `not working: ${JSON.stringify(now.notWorking)}\nexited: ${now.exited.join('; ')}\nlogs: ${pipeline.instances.map((running) => running.logFile).join(' ')}`,
        );
      });
      const recoveredAt = Date.now();
      expect(recovered.exited).toEqual([]);
      const verified = await pipeline.verify();
      expect(verified.differences).toEqual([]);
      expect(verified.imbalances).toBe(0);
      const outcome = {
        fault: fault.name,
        outageSeconds: (restoredAt - injectedAt) / 1000,
        recoverySeconds: (recoveredAt - restoredAt) / 1000,
        acknowledgedReadings: load.counters.acknowledgedReadings,
      };
      console.log(`fault ${outcome.fault}: down ${outcome.outageSeconds.toFixed(1)} s, recovered in ${outcome.recoverySeconds.toFixed(1)} s; load so far ${JSON.stringify(load.counters)}`);
      load.resume();
      return outcome;
    },
    async stop() {
      await load.stop().catch(() => undefined);
      await pipeline.stop().catch(() => undefined);
      await stack.stop();
    },
  };
}

/** A deliberate outage length: the time a component stays away, not a wait for a condition. */
export const outageOf = (seconds: number) => () => new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000));
