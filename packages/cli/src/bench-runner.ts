import type { ServiceRunner } from '@thermostream/bench';
import { serviceNames, type ServiceName } from '@thermostream/config';
import { stackEndpoints } from '@thermostream/stack';
import { freePort } from './free-port.ts';
import { launchOf, pipelineLaunches } from './pipeline.ts';
import { startService, waitUntilReady } from './supervisor.ts';

/** The benchmarks' services: this CLI's launches and supervisor on the running stack. */
export function benchRunner(options: { apiKey: string }): ServiceRunner {
  const endpoints = stackEndpoints();
  return {
    async start(request) {
      // Free ports, so a benchmark never collides with the pipeline or a second model already running.
      const ports = Object.fromEntries(await Promise.all(serviceNames.map(async (service) => [service, await freePort()]))) as Record<ServiceName, number>;
      const launches = pipelineLaunches({ endpoints, namespace: request.namespace, archiveDir: request.logDir, apiKey: options.apiKey, ports });
      const started = request.services.map((service) => {
        const launch = launchOf(launches, service);
        return startService({ ...launch, environment: { ...launch.environment, ...request.environment } }, request.logDir);
      });
      try {
        await waitUntilReady(started, 120_000);
      } catch (error) {
        await Promise.all(started.map((service) => service.stop()));
        throw error;
      }
      return started.map(({ service, pid, port, logFile, exited, stop }) => ({ service, pid, port, logFile, exited, stop: () => stop() }));
    },
  };
}
