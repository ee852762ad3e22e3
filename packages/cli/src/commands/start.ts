import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { serviceDefaultPorts, type ServiceName } from '@thermostream/config';
import { topicName, topics } from '@thermostream/kafka';
import { createSupervisor, launchOf, pipelineLaunches, pipelineScope, type PipelineScope, writeSupervisorState } from '@thermostream/pipeline';
import { schemaOfNamespace } from '@thermostream/postgres';
import { provisionSecureKafka, stackDown, stackStatus, stackUp } from '@thermostream/stack';
import { stackOptionsOf, type CliConfig } from '../cli-config.ts';
import { declareCommand } from '../command-line.ts';
import { instanceLaunch, planScaling, readDesiredScale } from '../scaling.ts';
import { describeEndpointsFor } from './stack.ts';

const command = declareCommand({
  name: 'thermo start',
  summary: `Without --namespace (pnpm start): the stack, then the six services in the foreground; a service
that exits is started again after a backoff (1 s doubling to 30 s), and one that exits more than
5 times in 5 minutes stops everything. Ctrl-C stops the services and the stack.`,
  options: {
    namespace: {
      type: 'string',
      placeholder: 'NS',
      description: `a second model beside the running first one: filter, region-partitioner,
scd-writer and aggregator on the topics NS.*, consumer groups NS.thermostream.*,
tables in the PostgreSQL schema NS. Feed it with
pnpm thermo replay --from … --to … --topic NS.readings.raw
Ctrl-C stops its services only.`,
      default: '',
    },
    'port-offset': { type: 'string', placeholder: 'N', description: "added to every service's port (default 0, or 1000 with --namespace)" },
  },
});

/**
 * \`pnpm start\`: the stack, then the services in the foreground, each scaled to the count
 * \`thermo scale\` asked for (re-read every second); Ctrl-C stops all of it.
 */
export async function startCommand(args: string[], config: CliConfig): Promise<void> {
  const parsed = command.parse(args);
  if (!parsed) return;
  const { values } = parsed;
  const portOffset = values['port-offset'] === undefined ? undefined : Number(values['port-offset']);
  if (portOffset !== undefined && (!Number.isInteger(portOffset) || portOffset < 0 || portOffset > 40_000)) throw command.usageError('--port-offset must be an integer from 0 to 40000');
  const scope = pipelineScope(config, values.namespace, portOffset);
  const stackOptions = stackOptionsOf(config);
  // A closed terminal must not turn the stop's progress lines into an exception that ends it halfway.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

  let stopping: Promise<void> | undefined;
  let failure: Error | undefined;
  const scaling: { timer?: NodeJS.Timeout } = {};
  const supervisor = createSupervisor({
    logDir: scope.logDir,
    log: (event) => console.error(JSON.stringify({ time: new Date().toISOString(), ...event })),
    onGiveUp: (reason) => {
      failure = new Error(reason);
      void stopAll(reason).then(() => process.exit(1));
    },
    onChange: (instances) => {
      if (!stopping) writeSupervisorState(scope.stateFile, { pid: process.pid, namespace: scope.namespace, instances });
    },
  });
  const stopAll = (reason: string) => {
    stopping ??= (async () => {
      clearInterval(scaling.timer);
      console.error(`stopping (${reason}): services${scope.ownsStack ? ', then the stack' : ' (the stack and the first model keep running)'}`);
      const left: string[] = [];
      try {
        await supervisor.stop();
      } catch (error) {
        left.push(`services (${describeError(error)})`);
      }
      if (scope.ownsStack) {
        try {
          await stackDown(stackOptions);
        } catch (error) {
          left.push(`the stack: ${describeError(error)}`);
        }
        const status = await stackStatus(stackOptions);
        for (const component of status.components) if (component.up) left.push(`${component.name} (pid ${component.pid})`);
      }
      rmSync(scope.pidFile, { force: true });
      rmSync(scope.stateFile, { force: true });
      console.error(left.length === 0 ? 'stopped; nothing left running' : `stopped, but left running: ${[...new Set(left)].join('; ')}`);
    })();
    return stopping;
  };
  const stackStarting = stackUp(stackOptions);
  // Every signal is handled for the whole stop: a second Ctrl-C (or one forwarded by a wrapper)
  // must not fall back to Node's default, which exits at once and leaves the stack running. A
  // signal during the stack's start waits for it, so the stop does not race the start.
  let stopRequested = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (stopRequested) {
        console.error(`${signal}: already stopping; waiting for the services and the stack to stop`);
        return;
      }
      stopRequested = true;
      void stackStarting
        .catch(() => undefined)
        .then(() => stopAll(signal))
        .then(() => process.exit(failure ? 1 : 0));
    });
  }
  process.on('exit', () => supervisor.terminateNow());

  const endpoints = await stackStarting;
  if (stopRequested) return stopAll('stop requested while the stack started');
  // On a secure stack a second model's services, each its own user, need their namespace's topics and ACLs.
  if (endpoints.kafkaSecurity && scope.namespace !== '') {
    await provisionSecureKafka({ dataDir: config.dataDir, brokers: endpoints.kafkaBrokers, registryUrl: endpoints.schemaRegistryUrl, namespace: scope.namespace });
  }
  const ports = Object.fromEntries(scope.services.map((service) => [service, serviceDefaultPorts[service] + scope.portOffset]));
  const launches = pipelineLaunches({ endpoints, namespace: scope.namespace, archiveDir: scope.archiveDir, lakeDir: scope.lakeDir, apiKey: config.ingestApiKey, ports, versionsMirror: config.versionsMirror }).filter((launch) =>
    scope.services.includes(launch.service),
  );
  const desiredScaleFile = scope.scaleFile;
  const launch = (service: ServiceName, instance: number) => supervisor.start(instanceLaunch(launchOf(launches, service), instance), instance);
  const reconcile = async () => {
    const instances = new Map<ServiceName, number[]>();
    for (const instance of supervisor.instances()) instances.set(instance.service, [...(instances.get(instance.service) ?? []), instance.instance]);
    const plan = planScaling(instances, readDesiredScale(desiredScaleFile), scope.services);
    for (const step of plan.stop) {
      console.error(`scaling in: stopping ${step.service} instance ${step.instance}`);
      await supervisor.remove(step.service, step.instance);
    }
    for (const step of plan.start) {
      console.error(`scaling out: starting ${step.service} instance ${step.instance} (metrics on port ${instanceLaunch(launchOf(launches, step.service), step.instance).port})`);
      launch(step.service, step.instance);
    }
  };

  for (const { service } of launches) launch(service, 0);
  let reconciling = false;
  scaling.timer = setInterval(() => {
    if (reconciling || stopping) return;
    reconciling = true;
    reconcile()
      .catch((error: unknown) => console.error(`scaling failed: ${describeError(error)}`))
      .finally(() => (reconciling = false));
  }, 1_000);
  mkdirSync(path.dirname(scope.pidFile), { recursive: true });
  writeFileSync(scope.pidFile, `${process.pid}\n`);

  try {
    await supervisor.waitUntilReady(180_000);
  } catch (error) {
    await stopAll('a service did not start');
    throw error;
  }
  // A service given up on while the others started: the stop is under way, nothing to welcome.
  if (!stopping) {
    if (scope.ownsStack) printWelcome(describeEndpointsFor(config, endpoints, ports), config.logDir);
    else printSecondModel(scope, endpoints.postgresUrl, launches.map((launch) => `${launch.service}: http://127.0.0.1:${launch.port}/metrics`));
  }

  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (!stopping) return;
      clearInterval(check);
      void stopping.then(resolve);
    }, 200);
  });
  if (failure) throw failure;
}

const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error));

function printWelcome(described: ReturnType<typeof describeEndpointsFor>, logDir: string): void {
  console.log(JSON.stringify(described, null, 2));
  console.log(`
thermostream is running. Logs: ${logDir}
Send a reading:
  curl -s -X POST ${described.ingestUrl} -H 'content-type: application/json' -H 'x-api-key: ${described.ingestApiKey}' \\
    -d '[{"id":"r-1","timestamp":"2026-11-24 10:15:00","lat":48.85,"lon":2.35,"temperature":12.5,"country":"France"}]'
Read the result:
  psql ${described.postgresUrl} -c 'select * from region_hourly_temperature'
Scale a service (more members of its consumer group):
  pnpm thermo scale scd-writer 3
Press Ctrl-C to stop everything.`);
}

function printSecondModel(scope: PipelineScope, postgresUrl: string, metrics: string[]): void {
  const schema = schemaOfNamespace(scope.namespace);
  console.log(`
Second model "${scope.namespace}" is running beside the first. Logs: ${scope.logDir}
Metrics:
  ${metrics.join('\n  ')}
Feed it from the archive (technical time range):
  pnpm thermo replay --from '2026-11-24 00:00:00' --to '2026-11-25 00:00:00' --topic ${topicName(topics.raw, scope.namespace)}
Read its result:
  psql ${postgresUrl} -c 'select * from ${schema}.region_hourly_temperature'
Scale one of its services:
  pnpm thermo scale --namespace ${scope.namespace} scd-writer 3
Press Ctrl-C to stop this model (the stack and the first model keep running).`);
}
