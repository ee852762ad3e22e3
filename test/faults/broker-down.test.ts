import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchOf, pipelineLaunches, probeService, serviceWorks, startService, waitUntilReady, type RunningService, type ServiceLaunch } from '@thermostream/pipeline';
import { createProducer, outbound, prepareTopics, topics } from '@thermostream/kafka';
import { eventually, freePort } from '../support/pipeline.ts';
import { readTopic, uniqueNamespace } from '../support/pipeline-context.ts';
import { startPrivateKafka, type PrivateKafka } from '../support/private-kafka.ts';
import { parisReading } from '../support/raw-reading.ts';
import { testStackEndpoints } from '../support/stack.ts';

const stallMs = 5_000;
const recoveryMs = 15_000;

async function get(port: number, route: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${route}`, { signal: AbortSignal.timeout(2_000) });
  return { status: response.status, text: await response.text() };
}

/** The service's Kafka outage seconds as it exports them now. */
async function kafkaOutageSeconds(port: number): Promise<number> {
  const exposition = (await get(port, '/metrics')).text;
  const sample = /^thermostream_dependency_outage_seconds_total\{dependency="kafka"[^}]*\} (\S+)$/m.exec(exposition);
  if (!sample) throw new Error('no thermostream_dependency_outage_seconds_total sample for kafka');
  return Number(sample[1]);
}

/** Resolves with the exit of a process, or fails once it has run `ms` more. */
function exitWithin(running: RunningService, ms: number): Promise<number | string> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${running.service} still running ${ms} ms later; see ${running.logFile}`)), ms);
  });
  return Promise.race([running.exited, deadline]).finally(() => clearTimeout(timer));
}

const logLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level?: string; msg?: string });

describe('a service whose broker stays down', () => {
  let kafka: PrivateKafka;
  const processes: RunningService[] = [];

  beforeAll(async () => {
    // A broker of the test's own: the one the other tests share is never stopped.
    kafka = await startPrivateKafka();
  }, 180_000);

  afterAll(async () => {
    await Promise.all(processes.map((running) => running.stop()));
    await kafka?.stop();
  });

  it('answers /healthz 503, counts the Kafka outage while it lasts, exits with code 1 saying why, and runs again once the broker is back', async () => {
    const namespace = uniqueNamespace('brokerdown');
    const port = await freePort();
    const workDir = mkdtempSync(path.join(tmpdir(), `thermostream-${namespace}-`));
    const endpoints = { ...(await testStackEndpoints()), kafkaBrokers: kafka.brokers };
    const launch = launchOf(pipelineLaunches({ endpoints, namespace, archiveDir: path.join(workDir, 'archive'), apiKey: `key-${namespace}`, ports: { filter: port } }), 'filter');
    const filter: ServiceLaunch = {
      ...launch,
      environment: { ...launch.environment, HEALTH_STALL_TIMEOUT_MS: String(stallMs), CONSUMER_RECOVERY_TIMEOUT_MS: String(recoveryMs), KAFKA_SESSION_TIMEOUT_MS: '6000' },
    };
    const logDir = path.join(workDir, 'logs');

    const first = startService(filter, logDir);
    processes.push(first);
    await waitUntilReady([first], 120_000);
    // Caught up on its empty topic: from then on, only losing its group can make it unhealthy.
    await eventually('the filter caught up', () => probeService('filter', port), (probe) => serviceWorks(probe) && probe.consumer?.lagRecords === 0, 60_000);
    expect(await kafkaOutageSeconds(port)).toBe(0);

    const killedAt = Date.now();
    await kafka.kill();
    const stalled = await eventually('/healthz answering 503', () => get(port, '/healthz'), (answer) => answer.status === 503, 60_000);
    expect(JSON.parse(stalled.text)).toEqual({ status: 'stalled', reason: expect.stringMatching(/^not a live member of its consumer group for \d+ s/) });
    // Scraped twice while the broker is still down: the outage counts up to each scrape, not only once it ends.
    const counted = await kafkaOutageSeconds(port);
    expect(counted).toBeGreaterThan(0);
    const countedOn = await eventually('the Kafka outage counting on', () => kafkaOutageSeconds(port), (seconds) => seconds >= counted + 2, 10_000);
    expect(countedOn).toBeLessThanOrEqual((Date.now() - killedAt) / 1000);

    expect(await exitWithin(first, 90_000)).toBe(1);
    const fatal = logLines(first.logFile).filter((line) => line.level === 'fatal');
    expect(fatal.map((line) => line.msg)).toEqual([expect.stringMatching(new RegExp(`^consumer could not recover within ${recoveryMs} ms: \\S`))]);

    await kafka.restart();
    const second = startService(filter, logDir, 1);
    processes.push(second);
    await waitUntilReady([second], 120_000);
    await eventually('the restarted filter working', () => probeService('filter', port), serviceWorks, 60_000);
    const context = kafka.context(namespace);
    await prepareTopics(context);
    const producer = await createProducer(context);
    await producer.send([outbound(topics.raw, 'after-the-outage', parisReading('after-the-outage'))]);
    await producer.disconnect();
    const cleaned = await readTopic(context, topics.clean, { count: 1, timeoutMs: 60_000 });
    expect(JSON.stringify(cleaned.map((record) => record.value))).toContain('after-the-outage');
    expect(await kafkaOutageSeconds(port)).toBe(0);
  }, 300_000);
});
