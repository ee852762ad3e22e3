import { committedOffsets, createProducer, highWatermarks, outbound, prepareTopics, runConsumer, topics, type ConsumerHandle, type KafkaContext } from '@thermostream/kafka';
import { createMetrics } from '@thermostream/observability';
import { eventually } from '../support/pipeline.ts';
import { uniqueNamespace } from '../support/pipeline-context.ts';
import { startPrivateKafka, type PrivateKafka } from '../support/private-kafka.ts';
import { parisReading } from '../support/raw-reading.ts';


async function publish(context: KafkaContext, ids: string[]) {
  const producer = await createProducer(context);
  try {
    await producer.send(ids.map((id) => outbound(topics.raw, id, parisReading(id))));
  } finally {
    await producer.disconnect();
  }
}

describe('a consumer whose broker goes away', () => {
  let kafka: PrivateKafka;
  const consumers: ConsumerHandle[] = [];

  beforeAll(async () => {
    kafka = await startPrivateKafka();
  }, 180_000);

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop()));
    await kafka?.stop();
  });

  it('restarts itself inside the process and resumes once the broker is back, or gives up after its recovery time', async () => {
    const context = kafka.context(uniqueNamespace('recovery'));
    await prepareTopics(context);
    await publish(context, ['before-1', 'before-2', 'before-3']);
    const metrics = createMetrics({ service: 'recovering', collectDefaults: false });
    const seen: string[] = [];
    const start = (groupId: string, recoveryTimeoutMs: number, onUnrecoverable: () => void) =>
      runConsumer(context, {
        groupId,
        topic: topics.raw,
        mode: 'at-least-once',
        serviceName: 'recovering',
        metrics,
        sessionTimeoutMs: 6_000,
        recoveryTimeoutMs,
        onUnrecoverable,
        handle: async (records) => {
          if (groupId === 'patient') seen.push(...records.map((record) => record.value.id));
          return [];
        },
      });
    let gaveUp = false;
    const patient = await start('patient', 600_000, () => {
      throw new Error('the patient consumer must not give up');
    });
    consumers.push(patient);
    consumers.push(await start('impatient', 1_000, () => (gaveUp = true)));
    await eventually('records before the outage', async () => [...seen], (found) => found.length === 3);
    // At least once: a batch whose commit the kill cuts short comes again, rightly. Kill after the commits.
    const written = await highWatermarks(context, topics.raw);
    const allCommitted = (committed: Map<number, number>) => written.every((end, partition) => end === 0 || committed.get(partition) === end);
    await eventually('the records before the outage committed', () => committedOffsets(context, 'patient', topics.raw), allCommitted);

    await kafka.kill();
    await eventually('the consumer out of its group, restarting', async () => patient.status(), (status) => !status.running && status.restarts >= 1, 90_000);
    await eventually('the impatient consumer giving up', async () => gaveUp, (done) => done, 90_000);

    await kafka.restart();
    await eventually('the consumer back in its group', async () => patient.status(), (status) => status.running, 120_000);
    await publish(context, ['after-1', 'after-2']);
    await eventually('records after the outage', async () => [...seen], (found) => found.includes('after-1') && found.includes('after-2'), 60_000);
    expect(seen.filter((id) => id.startsWith('before')).sort()).toEqual(['before-1', 'before-2', 'before-3']);
    const exposition = await metrics.registry.metrics();
    expect(exposition).toMatch(/thermostream_consumer_restarts_total\{topic="recovery_[0-9a-f]+\.readings\.raw",service="recovering"\} [1-9]/);
    expect(exposition).toMatch(/thermostream_consumer_running\{topic="recovery_[0-9a-f]+\.readings\.raw",service="recovering"\} 1/);
  }, 300_000);
});
