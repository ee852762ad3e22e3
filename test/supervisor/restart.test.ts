import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { RawReading } from '@thermostream/avro';
import { repositoryRoot } from '@thermostream/pipeline';
import { childEnvironment, serviceDefaultPorts } from '@thermostream/config';
import { createProducer, outbound, topics } from '@thermostream/kafka';
import { createDatabase, quoteIdentifier } from '@thermostream/postgres';
import { eventually } from '../support/pipeline.ts';
import { readTopic, testKafkaContext, uniqueNamespace } from '../support/pipeline-context.ts';
import { testStackEndpoints, testStackOptions } from '../support/stack.ts';

interface SupervisedInstance {
  service: string;
  instance: number;
  port: number;
  pid?: number;
  restarts: number;
  lastExit?: number | string;
}

const reading = (id: string): RawReading => ({
  id,
  timestamp: '2026-11-24 10:00:00',
  lat: 48.85,
  lon: 2.35,
  temperature: 11.5,
  country: 'France',
  version: null,
  ingest: null,
});

/** Whether a loopback listener can take `port` now. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A port offset under which every port of a chain is free, all of them below the system's range of
 * ports for outgoing connections: the neighbours of a port the system hands out are often held by
 * the stack's own client connections (the second chain's aggregator once found its port taken).
 */
async function freePortOffset(): Promise<number> {
  const defaults = Object.values(serviceDefaultPorts);
  const outgoingFrom = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  const room = outgoingFrom - Math.max(...defaults) - 1_000;
  for (let attempt = 0; attempt < 50; attempt++) {
    const offset = 1_000 + Math.floor(Math.random() * room);
    if ((await Promise.all(defaults.map((port) => canListen(port + offset)))).every(Boolean)) return offset;
  }
  throw new Error('no port offset leaves every port of a chain free');
}

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function answersReady(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1000) })).status === 200;
  } catch {
    return false;
  }
}

describe('the pnpm start supervisor', () => {
  const namespaces: string[] = [];
  const supervisors: ChildProcess[] = [];
  let namespace = '';
  let output = '';
  const stateFile = () => path.join(testStackOptions().dataDir, 'run', `supervisor-${namespace}.json`);

  /** `thermo start --namespace` as an operator runs it; `environment` reaches every service it starts. */
  const startSupervisor = async (environment: Record<string, string>) => {
    const offset = await freePortOffset();
    namespace = uniqueNamespace('supervise');
    namespaces.push(namespace);
    output = '';
    // A second model's chain on the shared stack: it owns nothing of the stack, so stopping it leaves the stack up.
    const supervisor = spawn(process.execPath, ['packages/cli/src/main.ts', 'start', '--namespace', namespace, '--port-offset', String(offset)], {
      cwd: repositoryRoot,
      env: childEnvironment(environment),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    supervisors.push(supervisor);
    supervisor.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    supervisor.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => supervisor.once('exit', (code) => resolve(code)));
    return { supervisor, exited };
  };
  const events = () =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  const state = (): SupervisedInstance[] => {
    try {
      return (JSON.parse(readFileSync(stateFile(), 'utf8')) as { instances: SupervisedInstance[] }).instances;
    } catch {
      return [];
    }
  };
  const filterInstance = () => state().find((instance) => instance.service === 'filter' && instance.instance === 0);

  afterAll(async () => {
    for (const supervisor of supervisors.filter((child) => child.exitCode === null && child.signalCode === null)) {
      supervisor.kill('SIGTERM');
      await new Promise((resolve) => supervisor.once('exit', resolve));
    }
    const database = createDatabase({ databaseUrl: (await testStackEndpoints()).postgresUrl, poolSize: 1, schema: 'public', applicationName: 'test' });
    for (const name of namespaces) await database.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(name)} CASCADE`);
    await database.close();
  });

  it('starts a service killed with SIGKILL again, its consumer back at work, and stops all it started on SIGTERM', async () => {
    // A short session lets the group hand the killed member's partitions to its successor quickly.
    const { supervisor, exited } = await startSupervisor({ KAFKA_SESSION_TIMEOUT_MS: '6000' });

    await eventually('the second model running', async () => output, (text) => text.includes('is running beside the first'), 180_000);
    const first = filterInstance()!;
    expect(first.pid).toBeDefined();
    expect(await answersReady(first.port)).toBe(true);

    process.kill(first.pid!, 'SIGKILL');

    const restarted = await eventually(
      'filter restarted by the supervisor',
      async () => filterInstance(),
      (instance) => instance?.pid !== undefined && instance.pid !== first.pid,
      60_000,
    );
    expect(restarted).toMatchObject({ restarts: 1, lastExit: 'SIGKILL', port: first.port });
    const restartLine = events().find((event) => event.msg === 'service exited: restarting');
    expect(restartLine).toMatchObject({ service: 'filter', instance: 0, signal: 'SIGKILL', restarts: 1, nextDelayMs: 1000 });
    await eventually('the new filter ready', () => answersReady(first.port), (ready) => ready, 120_000);

    // Its consumer does its job: a raw reading reaches readings.clean through the restarted filter.
    const context = await testKafkaContext(namespace);
    const producer = await createProducer(context);
    await producer.send([outbound(topics.raw, 'after-restart', reading('after-restart'))]);
    await producer.disconnect();
    const clean = await readTopic(context, topics.clean, { count: 1, timeoutMs: 90_000 });
    expect(clean.length).toBeGreaterThanOrEqual(1);

    supervisor.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('stopped; nothing left running');
    expect(isRunning(restarted!.pid!)).toBe(false);
    // Starting the stack check and four services, then a rebalance: minutes on a busy machine.
  }, 300_000);

  it('gives up on a service that keeps failing, after restarts spaced by a doubling delay, naming it, and stops everything', async () => {
    // An invalid setting makes every service exit with code 1 as soon as it starts.
    const { exited } = await startSupervisor({ KAFKA_COMPRESSION: 'bogus' });
    expect(await exited).toBe(1);
    const givenUp = events().find((event) => event.msg === 'service keeps failing: giving up');
    expect(givenUp).toMatchObject({ exitCode: 1, recentExits: 6 });
    const restarts = events().filter((event) => event.msg === 'service exited: restarting' && event.service === givenUp!.service);
    expect(restarts.map((event) => [event.exitCode, event.restarts, event.nextDelayMs])).toEqual([
      [1, 1, 1000],
      [1, 2, 2000],
      [1, 3, 4000],
      [1, 4, 8000],
      [1, 5, 16000],
    ]);
    expect(output).toMatch(new RegExp(`stopping \\(${String(givenUp!.service)} instance 0 exited 6 times within 300 s \\(last: exit code 1\\)`));
    expect(output).toContain('stopped; nothing left running');
    // Six starts and five backoffs of 1 to 16 s: longer than the default test time on a busy machine.
  }, 240_000);
});
