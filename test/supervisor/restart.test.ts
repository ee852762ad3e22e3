import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RawReading } from '@thermostream/avro';
import { repositoryRoot } from '@thermostream/cli';
import { childEnvironment } from '@thermostream/config';
import { createProducer, outbound, topics } from '@thermostream/kafka';
import { createDatabase, quoteIdentifier } from '@thermostream/postgres';
import { eventually, freePort } from '../support/pipeline.ts';
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

/** A port offset whose filter port is free; the chain's other ports follow it. */
async function freePortOffset(): Promise<number> {
  const filterPort = await freePort();
  return filterPort - 19103;
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
  const namespace = uniqueNamespace('supervise');
  const stateFile = path.join(testStackOptions().dataDir, 'run', `supervisor-${namespace}.json`);
  let supervisor: ChildProcess | undefined;
  let output = '';

  const state = (): SupervisedInstance[] => {
    try {
      return (JSON.parse(readFileSync(stateFile, 'utf8')) as { instances: SupervisedInstance[] }).instances;
    } catch {
      return [];
    }
  };
  const filterInstance = () => state().find((instance) => instance.service === 'filter' && instance.instance === 0);

  afterAll(async () => {
    if (supervisor && supervisor.exitCode === null) {
      supervisor.kill('SIGTERM');
      await new Promise((resolve) => supervisor!.once('exit', resolve));
    }
    const database = createDatabase({ databaseUrl: (await testStackEndpoints()).postgresUrl, poolSize: 1, schema: 'public', applicationName: 'test' });
    await database.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(namespace)} CASCADE`);
    await database.close();
  });

  it('starts a service killed with SIGKILL again, its consumer back at work, and stops all it started on SIGTERM', async () => {
    const offset = await freePortOffset();
    // A second model's chain on the shared stack: it owns nothing of the stack, so stopping it leaves the stack up.
    supervisor = spawn(process.execPath, ['packages/cli/src/main.ts', 'start', '--namespace', namespace, '--port-offset', String(offset)], {
      cwd: repositoryRoot,
      // A short session lets the group hand the killed member's partitions to its successor quickly.
      env: childEnvironment({ KAFKA_SESSION_TIMEOUT_MS: '6000' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    supervisor.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    supervisor.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => supervisor!.once('exit', (code) => resolve(code)));

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
    const restartLine = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((event) => event.msg === 'service exited: restarting');
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
  });
});
