import path from 'node:path';
import { serviceNames, type ServiceName } from '@thermostream/config';
import { launchOf, pipelineLaunches, startService, waitUntilReady, type RunningService } from '@thermostream/pipeline';
import { freePort, type StackEndpoints } from '@thermostream/stack';

export interface BenchServicesRequest {
  /** The running stack's endpoints, ports as configured. */
  endpoints: StackEndpoints;
  /** The pipeline namespace the services run in: their topics, consumer groups and PostgreSQL schema. */
  namespace: string;
  services: readonly ServiceName[];
  logDir: string;
  /** Added to every service's environment; a benchmark that starts http-ingest gives it its partner's key here. */
  environment?: Record<string, string>;
  /** Holds every service to these CPUs (taskset's `-c` form, e.g. `0` or `0-1`). */
  cpuList?: string;
}

/** The benchmarks compute what the table must hold with the bundled polygons: no service may inherit another choice. */
const expectedRegions = { REGION_MODE: 'polygon', REGIONS_GEOJSON: 'bundled' };

/** A free port for every service, so a benchmark never collides with the pipeline or a second model already running. */
export async function freeServicePorts(): Promise<Record<ServiceName, number>> {
  return Object.fromEntries(await Promise.all(serviceNames.map(async (service) => [service, await freePort()]))) as Record<ServiceName, number>;
}

/**
 * Starts a benchmark's services, each on a free port, and resolves once their processes run, so
 * that a benchmark interrupted meanwhile can stop them; `ready` resolves once every one answers
 * ready, or rejects after stopping them all.
 */
export async function startBenchServices(request: BenchServicesRequest): Promise<{ services: RunningService[]; ready: Promise<void> }> {
  const ports = await freeServicePorts();
  const launches = pipelineLaunches({ endpoints: request.endpoints, namespace: request.namespace, archiveDir: request.logDir, lakeDir: path.join(request.logDir, 'lake'), ports });
  const services = request.services.map((service) => {
    const launch = launchOf(launches, service);
    return startService({ ...launch, environment: { ...launch.environment, ...expectedRegions, ...request.environment } }, request.logDir, 0, { cpuList: request.cpuList });
  });
  const ready = waitUntilReady(services, 120_000).catch(async (error: unknown) => {
    await Promise.all(services.map((service) => service.stop()));
    throw error;
  });
  return { services, ready };
}
