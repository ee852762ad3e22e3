import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { serviceNames, type ServiceName } from '@thermostream/config';
import type { ServiceLaunch } from '@thermostream/pipeline';

/**
 * The services that scale by adding members to their consumer group. http-ingest is stateless and
 * scales behind a load balancer instead, each instance on a port of its own.
 */
export const scalableServices: readonly ServiceName[] = serviceNames.filter((service) => service !== 'http-ingest');

/** Instance n of a service serves /metrics on the first instance's port + 100 × n. */
export const instancePortStep = 100;

export function instanceLaunch(launch: ServiceLaunch, instance: number): ServiceLaunch {
  if (instance === 0) return launch;
  const port = launch.port + instancePortStep * instance;
  return { ...launch, port, environment: { ...launch.environment, METRICS_PORT: String(port) } };
}

export type DesiredScale = Partial<Record<ServiceName, number>>;

export function readDesiredScale(file: string): DesiredScale {
  if (!existsSync(file)) return {};
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const scale: DesiredScale = {};
  for (const service of scalableServices) {
    const count = (parsed as Record<string, unknown>)[service];
    if (Number.isInteger(count) && (count as number) >= 1) scale[service] = count as number;
  }
  return scale;
}

export function writeDesiredScale(file: string, scale: DesiredScale): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(scale, null, 2)}\n`);
}

export interface ScalingStep {
  service: ServiceName;
  instance: number;
}

/**
 * The instances to start and to stop to go from the running ones to the desired counts (one
 * instance of each service when nothing is asked). Scaling in stops the highest-numbered instances.
 */
export function planScaling(
  running: ReadonlyMap<ServiceName, readonly number[]>,
  desired: DesiredScale,
  services: readonly ServiceName[] = scalableServices,
): { start: ScalingStep[]; stop: ScalingStep[] } {
  const start: ScalingStep[] = [];
  const stop: ScalingStep[] = [];
  for (const service of services.filter((candidate) => scalableServices.includes(candidate))) {
    const wanted = desired[service] ?? 1;
    const instances = new Set(running.get(service) ?? []);
    for (let instance = 0; instance < wanted; instance += 1) if (!instances.has(instance)) start.push({ service, instance });
    for (const instance of [...instances].sort((a, b) => b - a)) if (instance >= wanted) stop.push({ service, instance });
  }
  return { start, stop };
}
