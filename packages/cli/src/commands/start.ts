import { stackDown, stackUp } from '@thermostream/stack';
import type { CliConfig } from '../cli-config.js';
import { pipelineLaunches } from '../pipeline.js';
import { startServices, waitUntilReady } from '../supervisor.js';
import { describeEndpointsFor } from './stack.js';

/** `pnpm start`: the stack, then the six services in the foreground; Ctrl-C stops all of it. */
export async function startCommand(config: CliConfig): Promise<void> {
  const stackOptions = { dataDir: config.dataDir, log: (line: string) => console.error(line) };
  const endpoints = await stackUp(stackOptions);
  const group = startServices(
    pipelineLaunches({ endpoints, namespace: '', archiveDir: config.archiveDir, apiKey: config.ingestApiKey }),
    config.logDir,
  );

  let stopping: Promise<void> | undefined;
  const stopAll = (reason: string) => {
    stopping ??= (async () => {
      console.error(`stopping (${reason}): services, then the stack`);
      await group.stop();
      await stackDown(stackOptions);
      console.error('stopped; nothing left running');
    })();
    return stopping;
  };
  process.once('SIGINT', () => void stopAll('SIGINT').then(() => process.exit(0)));
  process.once('SIGTERM', () => void stopAll('SIGTERM').then(() => process.exit(0)));

  try {
    await waitUntilReady(group.services, 120_000);
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
Press Ctrl-C to stop everything.`);

  const firstExit = await Promise.race(
    group.services.map(async (service) => ({ service: service.service, exit: await service.exited, log: service.logFile })),
  );
  if (!stopping) {
    await stopAll(`${firstExit.service} exited (${firstExit.exit})`);
    throw new Error(`${firstExit.service} stopped unexpectedly (${firstExit.exit}); see ${firstExit.log}`);
  }
  await stopping;
}
