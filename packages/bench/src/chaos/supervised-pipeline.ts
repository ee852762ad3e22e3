import path from 'node:path';
import { createSupervisor, pipelineLaunches, waitUntilReady, type SupervisedInstance } from '@thermostream/pipeline';
import type { StackEndpoints } from '@thermostream/stack';
import { freeServicePorts } from '../bench-services.ts';

/** The six services under a supervisor that starts again whichever exits, as `pnpm start` runs them. */
export interface SupervisedPipeline {
  ingestUrl: string;
  apiKey: string;
  instances(): SupervisedInstance[];
  /** Set once the supervisor gave up on a service that kept failing, with its reason. */
  gaveUp(): string | undefined;
  stop(): Promise<void>;
}

/**
 * The chaos run's services: the whole pipeline on the stack under the supervisor `pnpm start` uses,
 * on free ports; resolves once every one is ready, or rejects after stopping them all.
 */
export async function startSupervisedPipeline(options: {
  endpoints: StackEndpoints;
  logDir: string;
  /** Added to every service's environment. */
  environment: Record<string, string>;
  /** The key http-ingest accepts for the local partner. */
  apiKey: string;
  /** The supervisor's restart lines. */
  log: (event: Record<string, unknown>) => void;
}): Promise<SupervisedPipeline> {
  const ports = await freeServicePorts();
  const launches = pipelineLaunches({ endpoints: options.endpoints, namespace: '', archiveDir: path.join(options.logDir, 'archive'), apiKey: options.apiKey, ports });
  let gaveUp: string | undefined;
  const supervisor = createSupervisor({ logDir: options.logDir, log: options.log, onGiveUp: (reason) => (gaveUp = reason) });
  const started = launches.map((launch) => supervisor.start({ ...launch, environment: { ...launch.environment, ...options.environment } }, 0));
  try {
    await waitUntilReady(started, 180_000);
  } catch (error) {
    await supervisor.stop();
    throw error;
  }
  return {
    ingestUrl: `http://127.0.0.1:${ports['http-ingest']}/v1/readings`,
    apiKey: options.apiKey,
    instances: () => supervisor.instances(),
    gaveUp: () => gaveUp,
    stop: () => supervisor.stop(),
  };
}
