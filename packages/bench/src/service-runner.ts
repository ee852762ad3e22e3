import type { ServiceName } from '@thermostream/config';
import type { StackEndpoints } from '@thermostream/stack';
import type { StackServer } from './pipeline/server-usage.ts';

/** One service process a benchmark started. */
export interface BenchService {
  service: ServiceName;
  pid: number;
  /** The HTTP port: the API of http-ingest, /metrics of the others. */
  port: number;
  logFile: string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after a grace period; resolves once it exited. */
  stop(): Promise<void>;
}

export interface ServiceRequest {
  /** The pipeline namespace the services run in: their topics, consumer groups and PostgreSQL schema. */
  namespace: string;
  services: readonly ServiceName[];
  logDir: string;
  /** Added to every service's environment. */
  environment?: Record<string, string>;
  /** Holds every service to these CPUs (taskset's `-c` form, e.g. `0` or `0-1`). */
  cpuList?: string;
}

/** The recount of `thermo verify`: what the table should hold according to reading_versions. */
export interface VerifyOutcome {
  regionHoursCompared: number;
  currentReadings: number;
  differences: number;
  imbalances: number;
}

/**
 * How a benchmark starts the product's services and checks their result. The operator CLI owns
 * processes and `verify`; it hands them in, so this package measures without depending on it.
 */
export interface ServiceRunner {
  /** The running stack's endpoints, ports as configured. */
  endpoints: StackEndpoints;
  /** The services `thermo start --namespace` runs: the chain from readings.raw to the table. */
  processingChain: readonly ServiceName[];
  /**
   * Starts the services, each on a free port, and resolves once their processes run, so that a
   * benchmark interrupted meanwhile can stop them; `ready` resolves once every one answers ready,
   * or rejects after stopping them all.
   */
  start(request: ServiceRequest): Promise<{ services: BenchService[]; ready: Promise<void> }>;
  /** The running stack's server processes, whose CPU a benchmark reports beside the services'. */
  stackServers(): Promise<StackServer[]>;
  verify(namespace: string): Promise<VerifyOutcome>;
}
