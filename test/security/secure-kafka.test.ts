import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fromRepositoryRoot, launchOf, pipelineLaunches, startService, waitUntilReady, type RunningService } from '@thermostream/pipeline';
import { createProducer, outbound, publishBytes, subjectOf, topics, type KafkaContext } from '@thermostream/kafka';
import { kafkaClientSecurity } from '@thermostream/stack';
import { readTopic } from '../support/pipeline-context.ts';
import { eventually, freePort } from '../support/pipeline.ts';
import { startPrivateKafka, type PrivateKafka } from '../support/private-kafka.ts';
import { parisReading } from '../support/raw-reading.ts';
import { testStackEndpoints, testStackOptions } from '../support/stack.ts';

/** Every Kafka error code name a client error carries, through the errors it aggregates and its causes. */
function kafkaErrorNames(error: unknown): string[] {
  if (typeof error !== 'object' || error === null) return [];
  const { apiId, errors, cause } = error as { apiId?: string; errors?: unknown[]; cause?: unknown };
  return [...(apiId ? [apiId] : []), ...(errors ?? []).flatMap(kafkaErrorNames), ...kafkaErrorNames(cause)];
}

/** The error a send failed with; a send that succeeded fails the test. */
async function failureOf(send: Promise<void>): Promise<unknown> {
  return send.then(
    () => {
      throw new Error('the broker accepted a send it should have refused');
    },
    (error: unknown) => error,
  );
}

// A broker of the secure stack of its own (SASL_SSL, SCRAM users, ACLs), beside the shared plaintext one.
describe('the secure stack', () => {
  let kafka: PrivateKafka;
  let filter: RunningService;

  beforeAll(async () => {
    kafka = await startPrivateKafka(() => undefined, { secure: true });
    const shared = await testStackEndpoints();
    const workDir = mkdtempSync(path.join(tmpdir(), 'thermostream-secure-'));
    const port = await freePort();
    // The filter's launch as `pnpm start` makes it on a secure stack: its own user, password file and CA.
    const launches = pipelineLaunches({
      endpoints: { ...shared, kafkaBrokers: kafka.brokers, kafkaSecurity: kafka.security! },
      namespace: '',
      archiveDir: path.join(workDir, 'archive'),
      apiKey: 'unused',
      ports: { filter: port },
    });
    filter = startService(launchOf(launches, 'filter'), path.join(workDir, 'logs'));
    await waitUntilReady([filter], 120_000);
  }, 300_000);

  /** The ids on readings.clean, read as admin from the start: a small topic, all there within the settle time. */
  const cleanReadingIds = async () =>
    (await readTopic(kafka.context(''), topics.clean, { count: 1, timeoutMs: 10_000, settleMs: 1_000 })).flatMap((record) => record.value.readings.map((reading) => reading.id));

  afterAll(async () => {
    await filter?.stop();
    await kafka?.stop();
  });

  it('runs the filter as its own user over SASL_SSL: a partner reading reaches readings.clean', async () => {
    const environment = filter.launch.environment;
    expect(environment).toMatchObject({ KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'filter', KAFKA_TLS_ENABLED: 'true' });
    const id = randomUUID();
    const partnerContext = kafka.context('', 'partner');
    // A direct publisher encodes with the registry's readings.raw-value schema, as a partner would.
    await partnerContext.serde.register(subjectOf(topics.raw, ''), topics.raw.valueSchema);
    const partner = await createProducer(partnerContext);
    try {
      await partner.send([outbound(topics.raw, id, parisReading(id))]);
    } finally {
      await partner.disconnect();
    }
    expect(await eventually('the reading on readings.clean', cleanReadingIds, (ids) => ids.includes(id))).toContain(id);
  });

  it('refuses a partner that writes elsewhere than readings.raw: topic authorization failed', async () => {
    const error = await failureOf(publishBytes(kafka.context('', 'partner'), topics.clean, [{ key: randomUUID(), value: Buffer.from('not for a partner') }]));
    expect(kafkaErrorNames(error)).toContain('TOPIC_AUTHORIZATION_FAILED');
  });

  it("takes a partner's librdkafka producer on readings.raw, through to the filter, and refuses it readings.clean", async () => {
    const python = path.join(testStackOptions().dataDir, 'python', 'bin', 'python');
    if (!existsSync(python)) throw new Error(`no ${python}: run deploy/native/install-test-producer.sh`);
    const context = kafka.context('');
    const subject = subjectOf(topics.raw, '');
    await context.serde.register(subject, topics.raw.valueSchema);
    const id = randomUUID();
    const value = context.serde.encode(subject, 'RawReading', parisReading(id)).toString('base64');
    const records = [topics.raw, topics.clean].map((topic) => JSON.stringify({ topic: topic.name, key: id, value }));
    const produced = spawnSync(
      python,
      [fromRepositoryRoot('test/security/partner-producer.py'), kafka.brokers.join(','), kafka.security!.caFile, 'partner', kafka.security!.passwordFiles.partner],
      { input: records.join('\n'), encoding: 'utf8', timeout: 120_000 },
    );
    // A producer that failed shows why in the comparison.
    const answers: unknown = produced.status === 0 ? JSON.parse(produced.stdout) : `exit ${produced.status}: ${produced.stderr}`;
    expect(answers).toEqual(['delivered', 'TOPIC_AUTHORIZATION_FAILED']);
    expect(await eventually('the reading on readings.clean', cleanReadingIds, (ids) => ids.includes(id))).toContain(id);
  });

  it('refuses a partner whose password is wrong: authentication failed', async () => {
    const workDir = mkdtempSync(path.join(tmpdir(), 'thermostream-secure-'));
    const wrongPassword = path.join(workDir, 'partner.password');
    writeFileSync(wrongPassword, `${readFileSync(kafka.security!.passwordFiles.partner, 'utf8').trim()}-wrong`);
    const context: KafkaContext = {
      ...kafka.context('', 'partner'),
      security: kafkaClientSecurity({ ...kafka.security!, passwordFiles: { ...kafka.security!.passwordFiles, partner: wrongPassword } }, 'partner'),
    };
    const error = await failureOf(publishBytes(context, topics.raw, [{ key: randomUUID(), value: Buffer.from('from an impostor') }]));
    expect(kafkaErrorNames(error)).toContain('SASL_AUTHENTICATION_FAILED');
  });
});
