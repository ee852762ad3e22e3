import path from 'node:path';
import type { ChaosRunner } from '@thermostream/bench';
import { serviceNames, type ServiceName } from '@thermostream/config';
import { createSupervisor, pipelineLaunches, probeService, serviceWorks, verifyPipeline, waitUntilReady } from '@thermostream/pipeline';
import { freePort } from '@thermostream/stack';

/** The chaos run's services: the whole pipeline under this CLI's supervisor, on free ports; `log` gets its restart lines. */
export function chaosRunner(options: { apiKey: string; log: (event: Record<string, unknown>) => void }): ChaosRunner {
  return {
    async startPipeline(request) {
      const ports = Object.fromEntries(await Promise.all(serviceNames.map(async (service) => [service, await freePort()]))) as Record<ServiceName, number>;
      const launches = pipelineLaunches({ endpoints: request.endpoints, namespace: '', archiveDir: path.join(request.logDir, 'archive'), apiKey: options.apiKey, ports });
      let gaveUp: string | undefined;
      const supervisor = createSupervisor({ logDir: request.logDir, log: options.log, onGiveUp: (reason) => (gaveUp = reason) });
      const started = launches.map((launch) => supervisor.start({ ...launch, environment: { ...launch.environment, ...request.environment } }, 0));
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
    },
    serviceWorks: async (service, port) => serviceWorks(await probeService(service, port)),
    async verify(endpoints) {
      const report = await verifyPipeline({ endpoints, namespace: '' });
      return { regionHoursCompared: report.regionHoursCompared, currentReadings: report.currentReadings, differences: report.differences.length, imbalances: report.imbalances };
    },
  };
}
