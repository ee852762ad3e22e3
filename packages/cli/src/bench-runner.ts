import path from 'node:path';
import type { ServiceRunner } from '@thermostream/bench';
import { serviceNames, type ServiceName } from '@thermostream/config';
import { launchOf, pipelineLaunches, processingChain, startService, verifyPipeline, waitUntilReady } from '@thermostream/pipeline';
import { freePort, stackEndpoints, stackStatus } from '@thermostream/stack';
import { stackOptionsOf, type CliConfig } from './cli-config.ts';

/** The benchmarks' services: this CLI's launches and supervisor on the running stack, and `thermo verify`'s recount. */
export function benchRunner(config: CliConfig): ServiceRunner {
  const endpoints = stackEndpoints(stackOptionsOf(config));
  const options = { apiKey: config.ingestApiKey };
  return {
    endpoints,
    processingChain,
    async start(request) {
      // Free ports, so a benchmark never collides with the pipeline or a second model already running.
      const ports = Object.fromEntries(await Promise.all(serviceNames.map(async (service) => [service, await freePort()]))) as Record<ServiceName, number>;
      const launches = pipelineLaunches({ endpoints, namespace: request.namespace, archiveDir: request.logDir, lakeDir: path.join(request.logDir, 'lake'), apiKey: options.apiKey, ports });
      const started = request.services.map((service) => {
        const launch = launchOf(launches, service);
        return startService({ ...launch, environment: { ...launch.environment, ...request.environment } }, request.logDir, 0, { cpuList: request.cpuList });
      });
      const ready = waitUntilReady(started, 120_000).catch(async (error: unknown) => {
        await Promise.all(started.map((service) => service.stop()));
        throw error;
      });
      return { services: started.map(({ service, pid, port, logFile, exited, stop }) => ({ service, pid, port, logFile, exited, stop: () => stop() })), ready };
    },
    async stackServers() {
      const { components } = await stackStatus(stackOptionsOf(config));
      return components.flatMap(({ name, pid }) => (pid === undefined ? [] : [{ name, pid }]));
    },
    async verify(namespace) {
      const report = await verifyPipeline({ endpoints, namespace });
      return { regionHoursCompared: report.regionHoursCompared, currentReadings: report.currentReadings, differences: report.differences.length, imbalances: report.imbalances };
    },
  };
}
