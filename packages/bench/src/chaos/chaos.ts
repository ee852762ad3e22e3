import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { probeService, serviceWorks } from '@thermostream/pipeline';
import { createDatabase } from '@thermostream/postgres';
import { createRegionAssigner } from '@thermostream/regions';
import { onInterrupt } from '../namespace/clean-up.ts';
import { createReadingGenerator, seededRandom } from '../reading-generator.ts';
import { verifyOutcome } from '../verify-outcome.ts';
import { chaosPassed, type ChaosReport, type FaultRecord } from './chaos-report.ts';
import { faultSchedule, type PlannedFault } from './fault-schedule.ts';
import { brokerComponents, killComponent, pauseComponent, stopPostgresImmediately } from './faults.ts';
import { startOwnStack, type OwnStack } from './own-stack.ts';
import { startPartnerLoad, type PartnerLoad } from './partner-load.ts';
import { compareAggregates, tableAggregates, tableFingerprint } from './pipeline-state.ts';
import { stallTracker } from './stall-tracker.ts';
import { startSupervisedPipeline, type SupervisedPipeline } from './supervised-pipeline.ts';

export interface ChaosOptions {
  minutes: number;
  brokers: number;
  /** Readings a second the partner offers. */
  rate: number;
  seed: number;
  /** The operator's stack data directory: its downloads are reused, nothing of it runs or changes. */
  seedDataDir: string;
  /** How long the pipeline may take to recover after a fault before the run stops and says so. */
  recoveryTimeoutSeconds: number;
  /** The key its http-ingest accepts for the local partner. */
  apiKey: string;
  progress: (line: string) => void;
  /** The supervisor's lines: each restart of a service, and giving up on one. */
  supervisorLog: (event: Record<string, unknown>) => void;
}

const sampleMs = 250;

/**
 * Chaos on a stack of its own: a partner load with corrections and duplicates through http-ingest,
 * and one fault after another (brokers killed or stopped, PostgreSQL shut down, the registry
 * killed, every service SIGKILLed), each followed by a wait until the pipeline caught up; then
 * what was acknowledged, lost and counted twice, the longest stall and each fault's recovery time.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const { progress } = options;
  const random = seededRandom(options.seed);
  let stack: OwnStack | undefined;
  let pipeline: SupervisedPipeline | undefined;
  let load: PartnerLoad | undefined;
  let resumeBroker: (() => void) | undefined;
  let database: ReturnType<typeof createDatabase> | undefined;
  let cleaned: Promise<void> | undefined;
  // A failed run keeps its stack's data directory: the services' and components' logs say what went wrong.
  let keepData = true;
  const cleanUp = () =>
    (cleaned ??= (async () => {
      resumeBroker?.();
      await load?.stop().catch(() => undefined);
      await pipeline?.stop();
      await database?.close().catch(() => undefined);
      await stack?.stop({ keepData });
    })());
  const interruption = onInterrupt(() => {
    progress('interrupted: stopping the services and removing the chaos stack');
    keepData = false;
    return cleanUp();
  });
  try {
    progress(`starting a stack of its own (${options.brokers} broker${options.brokers === 1 ? '' : 's'}) on free ports; the usual stack is left alone`);
    stack = await startOwnStack({ brokers: options.brokers, seedDataDir: options.seedDataDir, log: (line) => progress(`stack: ${line}`) });
    const logDir = path.join(stack.options.dataDir, 'logs', 'services');
    mkdirSync(logDir, { recursive: true });
    progress(`stack in ${stack.options.dataDir}; starting the six services under a supervisor (logs: ${logDir})`);
    // A short session: the group hands a killed member's partitions on in seconds.
    pipeline = await startSupervisedPipeline({
      endpoints: stack.endpoints,
      logDir,
      environment: { KAFKA_SESSION_TIMEOUT_MS: '10000' },
      apiKey: options.apiKey,
      log: options.supervisorLog,
    });
    database = createDatabase({ databaseUrl: stack.endpoints.postgresUrl, poolSize: 2, schema: 'public', applicationName: 'thermo-chaos' });

    const generator = createReadingGenerator({
      seed: options.seed,
      startTime: Date.UTC(2026, 10, 22),
      shares: { corrections: 0.15, duplicates: 0.05, invalid: 0.02, foreign: 0.08 },
    });
    const assignments = new Map<string, string | null>();
    const polygon = createRegionAssigner({ mode: 'polygon' });
    const assign = (lat: number, lon: number) => {
      const key = `${lat},${lon}`;
      if (!assignments.has(key)) assignments.set(key, polygon(lat, lon));
      return assignments.get(key)!;
    };
    const startedLoad = startPartnerLoad({
      url: pipeline.ingestUrl,
      apiKey: pipeline.apiKey,
      next: generator.next,
      readingsPerRequest: 200,
      pauseMs: 0,
      readingsPerSecond: options.rate,
      senders: 4,
      maxRetryDelayMs: 5_000,
      requestTimeoutMs: 30_000,
    });
    load = startedLoad;
    const runningPipeline = pipeline;
    const db = database;
    const ownStack = stack;

    const startedAt = Date.now();
    const endsAt = startedAt + options.minutes * 60_000;
    const seconds = (at: number) => Math.round((at - startedAt) / 100) / 10;
    const stalls = stallTracker({ checkEveryMs: 2_000 });
    const comparison = async () => compareAggregates(generator.expectedAggregates(assign), await tableAggregates(db));
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const at = Date.now();
        const fingerprint = await tableFingerprint(db).catch(() => undefined);
        if (stalls.observe(at, fingerprint)) {
          const now = await comparison().catch(() => undefined);
          // An unreadable table with readings acknowledged is readings waiting.
          stalls.waiting(at, now === undefined ? startedLoad.counters.acknowledgedReadings > 0 : !now.equal);
        }
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, sampleMs - (Date.now() - at))));
      }
    })();

    const everyServiceWorks = async () => {
      const instances = runningPipeline.instances();
      const works = await Promise.all(instances.map((instance) => (instance.pid === undefined ? false : probeService(instance.service, instance.port).then(serviceWorks))));
      return works.every(Boolean);
    };
    const caughtUp = async (deadline: number): Promise<boolean> => {
      while (Date.now() < deadline) {
        const gaveUp = runningPipeline.gaveUp();
        if (gaveUp) throw new Error(`the supervisor gave up: ${gaveUp}`);
        const now = await comparison().catch(() => undefined);
        if (now?.equal && (await everyServiceWorks())) return true;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      return false;
    };

    const faults: FaultRecord[] = [];
    const schedule = faultSchedule({ random, brokers: options.brokers, services: runningPipeline.instances().map((instance) => instance.service) });
    const brokers = brokerComponents(ownStack.options);
    while (Date.now() < endsAt) {
      const planned: PlannedFault = schedule.next().value as PlannedFault;
      if (Date.now() + planned.calmMs >= endsAt) break;
      await new Promise((resolve) => setTimeout(resolve, planned.calmMs));
      const injectedAt = Date.now();
      const label = planned.target === undefined ? planned.kind : `${planned.kind} ${planned.target}`;
      progress(`${seconds(injectedAt)} s: ${label}${planned.outageMs > 0 ? ` for ${(planned.outageMs / 1000).toFixed(1)} s` : ''}`);
      const broker = brokers.find((node) => node.nodeId === planned.target);
      const outage = () => new Promise((resolve) => setTimeout(resolve, planned.outageMs));
      switch (planned.kind) {
        case 'broker-killed':
          await killComponent(ownStack.options, broker!.name);
          await outage();
          await ownStack.heal();
          break;
        case 'broker-paused':
          resumeBroker = pauseComponent(ownStack.options, broker!.name);
          await outage();
          resumeBroker();
          resumeBroker = undefined;
          break;
        case 'postgres-stopped':
          await stopPostgresImmediately(ownStack.options);
          await outage();
          await ownStack.heal();
          break;
        case 'registry-killed':
          await killComponent(ownStack.options, 'registry');
          await outage();
          await ownStack.heal();
          break;
        case 'service-killed': {
          const victim = runningPipeline.instances().find((instance) => instance.service === planned.target && instance.pid !== undefined);
          if (victim) process.kill(victim.pid!, 'SIGKILL');
          break;
        }
      }
      const restoredAt = Date.now();
      // The partner holds new readings back until the pipeline caught up, so the table can be compared exactly.
      await startedLoad.quiesce();
      const recovered = await caughtUp(restoredAt + options.recoveryTimeoutSeconds * 1000);
      const recoveredAt = Date.now();
      faults.push({
        kind: planned.kind,
        ...(planned.target !== undefined ? { target: String(planned.target) } : {}),
        atSeconds: seconds(injectedAt),
        outageSeconds: (restoredAt - injectedAt) / 1000,
        recoverySeconds: recovered ? (recoveredAt - restoredAt) / 1000 : null,
      });
      progress(
        recovered
          ? `${seconds(recoveredAt)} s: caught up ${((recoveredAt - restoredAt) / 1000).toFixed(1)} s after ${label} ended; ${startedLoad.counters.acknowledgedReadings} readings acknowledged`
          : `${seconds(recoveredAt)} s: NOT caught up ${options.recoveryTimeoutSeconds} s after ${label} ended; stopping the run`,
      );
      if (!recovered) break;
      startedLoad.resume();
    }

    await startedLoad.stop();
    const settled = await caughtUp(Date.now() + options.recoveryTimeoutSeconds * 1000);
    sampling = false;
    await sampler;
    const final = await comparison();
    const verify = await verifyOutcome(stack.endpoints, '');
    const report: ChaosReport = {
      stack: stack.options.dataDir,
      brokers: options.brokers,
      seed: options.seed,
      rate: options.rate,
      seconds: (Date.now() - startedAt) / 1000,
      faults,
      load: { ...startedLoad.counters },
      lostPoints: final.missingPoints,
      countedTwicePoints: final.extraPoints,
      settled,
      differences: final.differences,
      longestStallSeconds: stalls.longestMs(Date.now()) / 1000,
      supervisorRestarts: runningPipeline.instances().reduce((total, instance) => total + instance.restarts, 0),
      verify,
    };
    keepData = !chaosPassed(report);
    return report;
  } finally {
    interruption.dispose();
    await cleanUp();
  }
}
