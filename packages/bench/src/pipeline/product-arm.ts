import path from 'node:path';
import { processingChain } from '@thermostream/pipeline';
import type { Database } from '@thermostream/postgres';
import { stackEndpoints, type StackOptions } from '@thermostream/stack';
import { startBenchServices } from '../bench-services.ts';
import { openBenchNamespace } from '../namespace/bench-namespace.ts';
import type { KafkaTools } from '../namespace/kafka-tools.ts';
import { cpuProfileNodeOptions, profileClockMicros, summarizeProfileOf } from '../profiler/cpu-profiler.ts';
import type { PartnerReading } from '../reading-generator.ts';
import { verifyUntilSettled } from '../verify-outcome.ts';
import type { RegionHourRow } from './compare-tables.ts';
import { holdToCpus } from './cpu-affinity.ts';
import { cpuPerReading } from './cpu-per-reading.ts';
import { secondsToFirstPoint, steadyReadingsPerSecond, type ProgressSample } from './drain-progress.ts';
import type { ProductArm } from './pipeline-report.ts';
import { publishBacklog } from './publish-backlog.ts';
import type { QuietWait } from './quiet-machine.ts';
import { serverUsageMeter, stackServers } from './server-usage.ts';
import { watchDrain } from './watch-drain.ts';

/** Functions and packages listed per service in a profiled run: self time from launch is mostly start-up, so only the drain's samples count. */
const profileTop = 5;

export interface ProductArmResult {
  figures: ProductArm;
  rows: RegionHourRow[];
  samples: ProgressSample[];
}

/**
 * One drain by the product: the backlog published to a fresh namespace's readings.raw, a wait for
 * the stack to settle, then the namespace's processing chain launched and timed until its
 * region_hourly_temperature holds every expected point. `cleanUp` (also what Ctrl-C calls) stops
 * the services, puts the stack back on every core and deletes the namespace, once.
 */
export function productArm(options: {
  /** The running stack, whose servers the drain is measured on too. */
  stack: StackOptions;
  tools: KafkaTools;
  readings: readonly PartnerReading[];
  expectedPoints: number;
  workDir: string;
  timeoutSeconds: number;
  keep: boolean;
  profile: boolean;
  /** Holds the services and the stack's servers to these CPUs during the drain. */
  cpuList: string | undefined;
  waitForQuiet: () => Promise<QuietWait>;
  progress: (line: string) => void;
}): { run(): Promise<ProductArmResult>; cleanUp(): Promise<void> } {
  const { progress } = options;
  const endpoints = stackEndpoints(options.stack);
  let heldStack: { release(): void } | undefined;
  const bench = openBenchNamespace({ endpoints, tools: options.tools, keep: options.keep, progress, afterStop: () => heldStack?.release() });
  const { name: namespace, database, cleanUp } = bench;
  const logDir = path.join(options.workDir, namespace, 'logs');
  const profileDir = path.join(options.workDir, namespace, 'profile');

  async function run(): Promise<ProductArmResult> {
    try {
      const published = await publishBacklog({ brokers: endpoints.kafkaBrokers, registryUrl: endpoints.schemaRegistryUrl, namespace, readings: options.readings, progress });
      const quietWait = await options.waitForQuiet();
      const serverProcesses = await stackServers(options.stack);
      if (options.cpuList !== undefined) heldStack = holdToCpus(serverProcesses.map((server) => server.pid), options.cpuList);

      progress(`starting ${processingChain.join(', ')} in namespace ${namespace} (logs: ${logDir})`);
      const servers = serverUsageMeter(serverProcesses);
      const startedAt = Date.now();
      const started = await startBenchServices({
        endpoints,
        namespace,
        services: processingChain,
        logDir,
        environment: options.profile ? { NODE_OPTIONS: cpuProfileNodeOptions(profileDir) } : {},
        ...(options.cpuList === undefined ? {} : { cpuList: options.cpuList }),
      });
      const services = (bench.services = started.services);
      await started.ready;
      const secondsToReady = (Date.now() - startedAt) / 1000;
      const drainWindow = { fromMicros: profileClockMicros(), toMicros: 0 };
      const drain = await watchDrain({ database, services, startedAt, expectedPoints: options.expectedPoints, timeoutMs: options.timeoutSeconds * 1000, progress });
      drainWindow.toMicros = profileClockMicros();
      const stack = servers.stop();
      progress(`the table holds every point after ${drain.seconds.toFixed(2)} s`);
      const verify = await verifyUntilSettled(endpoints, namespace);
      const rows = await readProductTable(database);
      await Promise.all(services.map((service) => service.stop()));
      heldStack?.release();
      heldStack = undefined;
      const profiles = options.profile ? services.map((service) => ({ service: service.service, ...summarizeProfileOf(profileDir, service.pid, profileTop, drainWindow) })) : undefined;
      const readings = options.readings.length;
      const figures: ProductArm = {
        clock: 'service launch to complete table',
        namespace,
        publishSeconds: published.seconds,
        quietWait,
        secondsToReady,
        seconds: drain.seconds,
        readingsPerSecond: readings / drain.seconds,
        steadyReadingsPerSecond: steadyReadingsPerSecond(drain.samples, options.expectedPoints, readings) ?? null,
        secondsToFirstRow: secondsToFirstPoint(drain.samples) ?? null,
        peakRssMegabytes: drain.peakRssMegabytes,
        services: drain.services,
        stack,
        cpu: cpuPerReading(
          [...drain.services.map((usage) => ({ name: usage.service, cpuSeconds: usage.cpuSeconds })), ...stack.map((server) => ({ name: server.name, cpuSeconds: server.cpuSeconds }))],
          readings,
        ),
        verify: { ...verify, passed: verify.differences === 0 && verify.imbalances === 0 && verify.currentReadings === options.expectedPoints },
        ...(profiles ? { profiles } : {}),
      };
      return { figures, rows, samples: drain.samples };
    } finally {
      await cleanUp();
    }
  }

  return { run, cleanUp };
}

async function readProductTable(database: Database): Promise<RegionHourRow[]> {
  const { rows } = await database.query<{ region_code: string; hour: Date; temperature: string; number_of_points: number }>(
    'SELECT region_code, hour, temperature, number_of_points FROM region_hourly_temperature',
  );
  return rows.map((row) => ({ regionCode: row.region_code, hour: row.hour.toISOString(), temperature: Number(row.temperature), numberOfPoints: row.number_of_points }));
}
