import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { serviceNames } from '@thermostream/config';
import { createRegionAssigner } from '@thermostream/regions';
import { stackEndpoints, type StackOptions } from '@thermostream/stack';
import { startBenchServices } from '../bench-services.ts';
import { openBenchNamespace } from '../namespace/bench-namespace.ts';
import { onInterrupt } from '../namespace/clean-up.ts';
import { kafkaTools } from '../namespace/kafka-tools.ts';
import type { ProgressSample } from '../pipeline/drain-progress.ts';
import { progressChart } from '../pipeline/progress-chart.ts';
import { exitWatch, serviceUsageSampler, untilNextSample } from '../pipeline/service-usage.ts';
import { pointsInTable, sampleIntervalMs } from '../pipeline/watch-drain.ts';
import { verifyOutcome } from '../verify-outcome.ts';
import { freshnessTracker, percentile } from './freshness.ts';
import type { LiveBenchReport } from './live-report.ts';
import { liveRequestPool } from './request-pool.ts';

export interface LiveBenchOptions {
  /** The running stack; its data directory (THERMO_HOME) holds its Kafka classpath and the benchmark's work files and chart. */
  stack: StackOptions;
  seconds: number;
  /** Readings a second to offer; without it, as many as the pipeline keeps up with. */
  rate?: number;
  seed: number;
  connections: number;
  readingsPerRequest: number;
  chartFile?: string;
  timeoutSeconds: number;
  keep: boolean;
  progress: (line: string) => void;
}

/** The partner http-ingest stamps on the benchmark's readings. */
const partner = 'bench';
/**
 * Without --rate, senders wait while the table is this many points behind what http-ingest
 * acknowledged: the load then runs at the rate the whole pipeline sustains instead of filling Kafka
 * with a backlog, and freshness stays bounded by it.
 */
const maxPointsBehind = 50_000;
/** Distinct request bodies the load cycles through (with new ids each time). */
const requestTemplates = 32;

/**
 * POSTs generated readings to http-ingest in a fresh namespace running the whole pipeline and
 * follows the table: sustained end-to-end readings/s, and freshness, the time from a request's 2xx
 * until the table has caught up with it.
 */
export async function benchLive(options: LiveBenchOptions): Promise<LiveBenchReport> {
  const { progress } = options;
  const endpoints = stackEndpoints(options.stack);
  const bench = openBenchNamespace({ endpoints, tools: kafkaTools(options.stack.dataDir, endpoints.kafkaBrokers), keep: options.keep, progress });
  const { name: namespace, database, cleanUp } = bench;
  const workDir = path.join(options.stack.dataDir, 'bench', namespace);
  // The logs' folder inside the run's own: the scd-writer keeps its state beside it, removed with the run.
  const logDir = path.join(workDir, 'logs');
  const chart = options.chartFile ?? path.join(options.stack.dataDir, 'bench', 'live.svg');
  const apiKey = randomBytes(16).toString('hex');
  const assign = createRegionAssigner({ mode: 'polygon' });
  const interruption = onInterrupt(() => {
    progress('interrupted: stopping the services and deleting the namespace');
    return cleanUp();
  });
  let succeeded = false;
  try {
    const nextRequest = liveRequestPool({ size: requestTemplates, readingsPerRequest: options.readingsPerRequest, seed: options.seed, assign });
    progress(`starting the whole pipeline in namespace ${namespace} (logs: ${logDir})`);
    const started = await startBenchServices({
      endpoints,
      namespace,
      services: serviceNames,
      logDir,
      environment: { INGEST_API_KEYS: `${partner}:${apiKey}` },
    });
    const services = (bench.services = started.services);
    await started.ready;
    const ingest = services.find((service) => service.service === 'http-ingest')!;
    const url = `http://127.0.0.1:${ingest.port}/v1/readings`;
    const usage = serviceUsageSampler(services);
    const exits = exitWatch(services);
    const freshness = freshnessTracker();
    const startedAt = Date.now();
    const loadEndsAt = startedAt + options.seconds * 1000;
    const samples: ProgressSample[] = [{ seconds: 0, points: 0 }];
    const acknowledgedSamples: ProgressSample[] = [{ seconds: 0, points: 0 }];
    const load = { batches: 0, readings: 0, accepted: 0, rejected: 0, points: 0, retried: 0, failed: 0 };
    let tablePoints = 0;
    let loadDone = false;

    const sender = async () => {
      while (Date.now() < loadEndsAt) {
        const batch = load.batches++;
        if (options.rate !== undefined) {
          const due = startedAt + ((batch * options.readingsPerRequest) / options.rate) * 1000;
          if (due >= loadEndsAt) return;
          if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
        } else {
          while (load.points - tablePoints > maxPointsBehind && Date.now() < loadEndsAt) await new Promise((resolve) => setTimeout(resolve, 10));
        }
        const { body, expectedPoints } = nextRequest(batch);
        for (;;) {
          const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body });
          if (response.status === 503) {
            load.retried += 1;
            await response.arrayBuffer();
            await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers.get('retry-after') ?? 1)));
            continue;
          }
          if (!response.ok) {
            load.failed += 1;
            throw new Error(`http-ingest answered ${response.status}: ${await response.text()}`);
          }
          const answer = (await response.json()) as { accepted: number; rejected: number };
          load.readings += options.readingsPerRequest;
          load.accepted += answer.accepted;
          load.rejected += answer.rejected;
          load.points += expectedPoints;
          freshness.acknowledged({ at: Date.now(), pointsAcknowledged: load.points });
          break;
        }
      }
    };

    progress(options.rate === undefined ? `POSTing for ${options.seconds} s as fast as the pipeline keeps up` : `POSTing ${options.rate} readings/s for ${options.seconds} s`);
    let loadFailure: unknown;
    const senders = Promise.all(Array.from({ length: options.connections }, sender))
      .catch((error: unknown) => void (loadFailure = error))
      .finally(() => (loadDone = true));
    let lastReport = 0;
    let seconds = 0;
    for (;;) {
      usage.sample();
      tablePoints = await pointsInTable(database);
      const now = Date.now();
      seconds = (now - startedAt) / 1000;
      freshness.observed(tablePoints, now);
      samples.push({ seconds, points: tablePoints });
      acknowledgedSamples.push({ seconds, points: load.points });
      if (seconds - lastReport >= 5) {
        lastReport = seconds;
        progress(`${seconds.toFixed(0)} s: ${load.points} points acknowledged, ${tablePoints} in the table`);
      }
      if (loadFailure !== undefined) throw loadFailure;
      if (loadDone && tablePoints >= load.points) break;
      const failure = exits.failure();
      if (failure) throw failure;
      if (now - startedAt > (options.seconds + options.timeoutSeconds) * 1000) {
        throw new Error(`the table held ${tablePoints} of ${load.points} acknowledged points ${options.timeoutSeconds} s after the load ended`);
      }
      await untilNextSample(startedAt, sampleIntervalMs);
    }
    await senders;
    const verify = await verifyOutcome(endpoints, namespace);
    const ages = freshness.ages();
    const report: LiveBenchReport = {
      namespace,
      seconds: options.seconds,
      rate: options.rate ?? null,
      connections: options.connections,
      readingsPerRequest: options.readingsPerRequest,
      readings: load.readings,
      accepted: load.accepted,
      rejected: load.rejected,
      points: load.points,
      retriedRequests: load.retried,
      ingestReadingsPerSecond: load.readings / options.seconds,
      endToEndReadingsPerSecond: load.readings / seconds,
      secondsUntilTableComplete: seconds,
      freshnessMs: { p50: percentile(ages, 50), p99: percentile(ages, 99), max: ages.length === 0 ? null : Math.max(...ages) },
      ...usage.summary(seconds),
      verify: { ...verify, passed: verify.differences === 0 && verify.imbalances === 0 && verify.currentReadings === load.points },
      chart,
    };
    mkdirSync(path.dirname(chart), { recursive: true });
    writeFileSync(
      chart,
      progressChart(`live: ${load.readings.toLocaleString('en-US')} readings over ${options.seconds} s`, [
        { label: 'points acknowledged by http-ingest', samples: acknowledgedSamples },
        { label: 'points in region_hourly_temperature', samples },
      ]),
    );
    succeeded = true;
    return report;
  } finally {
    interruption.dispose();
    await cleanUp();
    if (succeeded && !options.keep) rmSync(workDir, { recursive: true, force: true });
  }
}
