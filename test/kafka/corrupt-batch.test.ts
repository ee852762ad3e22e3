import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RawReading } from '@thermostream/avro';
import { createProducer, outbound, prepareTopics, runConsumer, topicName, topics, type ConsumerHandle } from '@thermostream/kafka';
import { createMetrics } from '@thermostream/observability';
import { eventually } from '../support/pipeline.ts';
import { readTopic, uniqueNamespace } from '../support/pipeline-context.ts';
import { startPrivateKafka, type PrivateKafka } from '../support/private-kafka.ts';

const reading = (id: string): RawReading => ({
  id,
  timestamp: '2026-11-24 10:00:00',
  lat: 48.85,
  lon: 2.35,
  temperature: 10,
  country: 'France',
  version: null,
  ingest: null,
});

/** Size of a v2 record batch's header, from its base offset to its record count; the (compressed) records follow. */
const batchHeaderBytes = 61;

/** Overwrites the start of the compressed records of the n-th batch of a segment, leaving lengths (and the index) intact. */
function corruptBatch(segment: string, index: number) {
  const bytes = readFileSync(segment);
  let position = 0;
  for (let skipped = 0; skipped < index; skipped++) position += 12 + bytes.readInt32BE(position + 8);
  bytes.fill(0xa5, position + batchHeaderBytes, position + batchHeaderBytes + 16);
  writeFileSync(segment, bytes);
}

describe('a record batch whose bytes cannot be read', () => {
  let kafka: PrivateKafka;
  let consumer: ConsumerHandle | undefined;

  beforeAll(async () => {
    kafka = await startPrivateKafka();
  }, 180_000);

  afterAll(async () => {
    await consumer?.stop();
    await kafka?.stop();
  });

  it('is counted, kept aside on readings.rejected with its partition and offset, and skipped; the batches around it are read', async () => {
    const context = kafka.context(uniqueNamespace('corrupt'));
    await prepareTopics(context);
    const producer = await createProducer(context, { compression: 'gzip' });
    // Three sends, three gzip batches on partition 0: offsets 0-4, 5-9 (to be corrupted), 10-14.
    for (const batch of ['a', 'b', 'c']) {
      await producer.send(Array.from({ length: 5 }, (_, n) => ({ ...outbound(topics.raw, `${batch}-${n}`, reading(`${batch}-${n}`)), partition: 0 })));
    }
    await producer.disconnect();
    await kafka.shutDown();
    corruptBatch(path.join(kafka.partitionDirectory(`${topicName(topics.raw, context.namespace)}-0`), '00000000000000000000.log'), 1);
    await kafka.restart();

    const metrics = createMetrics({ service: 'reader', collectDefaults: false });
    const seen: string[] = [];
    consumer = await runConsumer(context, {
      groupId: 'reader',
      topic: topics.raw,
      mode: 'transactional',
      serviceName: 'reader',
      metrics,
      handle: async (records) => {
        seen.push(...records.map((record) => record.value.id));
        return [];
      },
    });
    await eventually('the batch after the corrupt one', async () => [...seen], (found) => found.includes('c-4'), 90_000);
    expect([...new Set(seen)].sort()).toEqual(['a-0', 'a-1', 'a-2', 'a-3', 'a-4', 'c-0', 'c-1', 'c-2', 'c-3', 'c-4']);

    const rejected = await readTopic(context, topics.rejected, { count: 1 });
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.value).toMatchObject({ reason_code: 'BATCH_UNREADABLE', source_partition: 0, source_offset: 5, service: 'reader' });
    expect(rejected[0]!.value.message).toContain('offsets 5 to 9');
    expect(await metrics.registry.metrics()).toMatch(/thermostream_corrupt_batches_total\{topic="corrupt_[0-9a-f]+\.readings\.raw",service="reader"\} 1\n/);
  }, 300_000);
});
