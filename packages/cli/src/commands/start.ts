import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ServiceName } from '@thermostream/config';
import { stackDown, stackUp } from '@thermostream/stack';
import type { CliConfig } from '../cli-config.js';
import { pipelineLaunches } from '../pipeline.js';
import { instanceLaunch, planScaling, readDesiredScale, scaleFile } from '../scaling.js';
import { startService, waitUntilReady, type RunningService } from '../supervisor.js';
import { describeEndpointsFor } from './stack.js';

/** Where `pnpm start` leaves its pid, so `thermo scale` knows whether a pipeline is running. */
export const pipelinePidFile = (dataDir: string) => path.join(dataDir, 'run', 'pipeline.pid');

/**
 * `pnpm start`: the stack, then the six services in the foreground, each scaled to the count
 * `thermo scale` asked for (re-read every second); Ctrl-C stops all of it.
 */
export async function startCommand(config: CliConfig): Promise<void> {
  const stackOptions = { dataDir: config.dataDir, log: (line: string) => console.error(line) };
  const endpoints = await stackUp(stackOptions);
  const launches = pipelineLaunches({ endpoints, namespace: '', archiveDir: config.archiveDir, apiKey: config.ingestApiKey });
  const desiredScaleFile = scaleFile(config.dataDir);
  const running = new Map<string, RunningService>();
  const nameOf = (service: ServiceName, instance: number) => `${service}#${instance}`;

  let stopping: Promise<void> | undefined;
  let failure: Error | undefined;
  const stopAll = (reason: string) => {
    stopping ??= (async () => {
      clearInterval(reconciler);
      console.error(`stopping (${reason}): services, then the stack`);
      await Promise.all([...running.values()].map((instance) => instance.stop()));
      await stackDown(stackOptions);
      rmSync(pipelinePidFile(config.dataDir), { force: true });
      console.error('stopped; nothing left running');
    })();
    return stopping;
  };
  const launch = (service: ServiceName, instance: number) => {
    const started = startService(instanceLaunch(launches.find((candidate) => candidate.service === service)!, instance), config.logDir, instance);
    running.set(nameOf(service, instance), started);
    void started.exited.then((exit) => {
      if (stopping || running.get(nameOf(service, instance)) !== started) return;
      failure = new Error(`${service} instance ${instance} stopped unexpectedly (${exit}); see ${started.logFile}`);
      void stopAll(`${service} instance ${instance} exited (${exit})`);
    });
    return started;
  };
  const reconcile = async () => {
    const instances = new Map<ServiceName, number[]>();
    for (const instance of running.values()) instances.set(instance.service, [...(instances.get(instance.service) ?? []), instance.instance]);
    const plan = planScaling(instances, readDesiredScale(desiredScaleFile));
    for (const step of plan.stop) {
      const instance = running.get(nameOf(step.service, step.instance))!;
      running.delete(nameOf(step.service, step.instance));
      console.error(`scaling in: stopping ${step.service} instance ${step.instance}`);
      await instance.stop();
    }
    for (const step of plan.start) {
      console.error(`scaling out: starting ${step.service} instance ${step.instance} (metrics on port ${instanceLaunch(launches.find((candidate) => candidate.service === step.service)!, step.instance).port})`);
      launch(step.service, step.instance);
    }
  };

  for (const { service } of launches) launch(service, 0);
  let reconciling = false;
  const reconciler = setInterval(() => {
    if (reconciling || stopping) return;
    reconciling = true;
    reconcile()
      .catch((error: unknown) => console.error(`scaling failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (reconciling = false));
  }, 1_000);
  process.once('SIGINT', () => void stopAll('SIGINT').then(() => process.exit(0)));
  process.once('SIGTERM', () => void stopAll('SIGTERM').then(() => process.exit(0)));
  writeFileSync(pipelinePidFile(config.dataDir), `${process.pid}\n`);

  try {
    await waitUntilReady([...running.values()], 120_000);
  } catch (error) {
    await stopAll('a service did not start');
    throw error;
  }
  const described = describeEndpointsFor(config, endpoints);
  console.log(JSON.stringify(described, null, 2));
  console.log(`
thermostream is running. Logs: ${config.logDir}
Send a reading:
  curl -s -X POST ${described.ingestUrl} -H 'content-type: application/json' -H 'x-api-key: ${described.ingestApiKey}' \\
    -d '[{"id":"r-1","timestamp":"2026-11-24 10:15:00","lat":48.85,"lon":2.35,"temperature":12.5,"country":"France"}]'
Read the result:
  psql ${endpoints.postgresUrl} -c 'select * from region_hourly_temperature'
Scale a service (more members of its consumer group):
  pnpm thermo scale scd-writer 3
Press Ctrl-C to stop everything.`);

  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (!stopping) return;
      clearInterval(check);
      void stopping.then(resolve);
    }, 200);
  });
  if (failure) throw failure;
}
