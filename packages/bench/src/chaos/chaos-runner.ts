import type { ServiceName } from '@thermostream/config';
import type { StackEndpoints } from '@thermostream/stack';
import type { VerifyOutcome } from '../service-runner.ts';

/** One supervised service instance now: a pid while it runs, none while it waits for its restart. */
export interface ChaosServiceInstance {
  service: ServiceName;
  instance: number;
  port: number;
  pid?: number;
  restarts: number;
}

/** The six services under a supervisor that starts again whichever exits, as `pnpm start` runs them. */
export interface SupervisedPipeline {
  ingestUrl: string;
  apiKey: string;
  instances(): ChaosServiceInstance[];
  /** Set once the supervisor gave up on a service that kept failing, with its reason. */
  gaveUp(): string | undefined;
  stop(): Promise<void>;
}

/**
 * What the chaos run needs from the operator CLI, which owns the services' launches, their
 * supervisor and `thermo verify`: this package drives faults and load without depending on it.
 */
export interface ChaosRunner {
  startPipeline(request: { endpoints: StackEndpoints; logDir: string; environment: Record<string, string> }): Promise<SupervisedPipeline>;
  /** /healthz answers 200 and, for a consumer, every `thermostream_consumer_running` is 1. */
  serviceWorks(service: ServiceName, port: number): Promise<boolean>;
  /** `thermo verify` on the stack's pipeline: its changelog's current versions against its table. */
  verify(endpoints: StackEndpoints): Promise<VerifyOutcome>;
}
