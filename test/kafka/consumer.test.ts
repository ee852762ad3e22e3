import type { RawReading } from '@thermostream/avro';
import { createProducer, groupName, joinAsForgetfulLeader, openTransaction, outbound, publishBytes, runConsumer, topics, transactionalIdOf, type ConsumerOptions, type InboundRecord, type KafkaContext } from '@thermostream/kafka';
import { createMetrics } from '@thermostream/observability';
import { eventually } from '../support/pipeline.ts';
import { readTopic, testKafkaContext, uniqueNamespace } from '../support/pipeline-context.ts';

const reading = (n: number): RawReading => ({
  id: `r-${n}`,
  timestamp: '2026-11-24 10:00:00',
  lat: 48.85,
  lon: 2.35,
  temperature: n,
  country: 'France',
  version: null,
  ingest: null,
});

const asRejected = (value: RawReading, offset: number) => ({
  service: 'copier',
  reason_code: 'COPIED',
  field: null,
  message: `copy of ${value.id}`,
  reading_id: value.id,
  payload: JSON.stringify(value),
  source_topic: 'readings.raw',
  source_partition: null,
  source_offset: offset,
  partner: null,
  request_id: null,
  record_index: null,
  rejected_at: 0,
});

/** An at-least-once member of its own group on readings.raw whose handler only looks at the batches it is given. */
function watchRaw(
  context: KafkaContext,
  groupId: string,
  fetchSettings: Pick<ConsumerOptions<typeof topics.raw>, 'maxBytesPerPartition' | 'maxRecordBytesPerFetch' | 'fetchMinBytes' | 'fetchMaxWaitMs'>,
  look: (records: InboundRecord<RawReading>[]) => void,
) {
  return runConsumer(context, {
    groupId,
    topic: topics.raw,
    mode: 'at-least-once',
    serviceName: groupId,
    metrics: createMetrics({ service: groupId, collectDefaults: false }),
    ...fetchSettings,
    handle: async (records) => {
      look(records);
      return [];
    },
  });
}

async function publishRaw(context: KafkaContext, count: number) {
  const producer = await createProducer(context);
  await producer.send(Array.from({ length: count }, (_, n) => outbound(topics.raw, `r-${n}`, reading(n))));
  await producer.disconnect();
}

describe('runConsumer against the real broker', () => {
  it('transactional: a batch whose handler fails is delivered again, and its outputs appear exactly once', async () => {
    const context = await testKafkaContext(uniqueNamespace('tx'));
    await publishRaw(context, 20);
    let failuresLeft = 1;
    const consumer = await runConsumer(context, {
      groupId: 'copier',
      topic: topics.raw,
      mode: 'transactional',
      serviceName: 'copier',
      metrics: createMetrics({ service: 'copier', collectDefaults: false }),
      handle: async (records) => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error('simulated failure before the transaction commits');
        }
        return records.map((record) => outbound(topics.rejected, record.key, asRejected(record.value, record.offset)));
      },
    });
    const copies = await readTopic(context, topics.rejected, { count: 20, settleMs: 2000 });
    await consumer.stop();
    expect(failuresLeft).toBe(0);
    expect(copies.map((copy) => copy.value.reading_id).sort()).toEqual(Array.from({ length: 20 }, (_, n) => `r-${n}`).sort());
  });

  it("transactional: a member started under a killed one's stable name aborts the transaction that one left open", async () => {
    const context = await testKafkaContext(uniqueNamespace('tx_fence'));
    await publishRaw(context, 5);
    // The killed member's producer, under the id a member named copier-0 uses, killed in its transaction's middle.
    const killed = await openTransaction(context, [outbound(topics.rejected, 'left-open', asRejected(reading(99), 99))], {
      transactionalId: transactionalIdOf(groupName('copier', context.namespace), context.clientId, 'copier-0'),
    });
    const consumer = await runConsumer(context, {
      groupId: 'copier',
      groupInstanceId: 'copier-0',
      topic: topics.raw,
      mode: 'transactional',
      serviceName: 'copier',
      metrics: createMetrics({ service: 'copier', collectDefaults: false }),
      handle: async (records) => records.map((record) => outbound(topics.rejected, record.key, asRejected(record.value, record.offset))),
    });
    try {
      // Read well inside the transaction timeout (30 s): only an abort of the open transaction lets every copy through.
      const copies = await readTopic(context, topics.rejected, { count: 5, timeoutMs: 15_000 });
      expect(copies.map((record) => record.key).sort()).toEqual(['r-0', 'r-1', 'r-2', 'r-3', 'r-4']);
      await expect(killed.commit()).rejects.toThrow();
    } finally {
      await consumer.stop();
    }
  }, 60_000);

  it('sends a record whose bytes are not Avro to readings.rejected and keeps going', async () => {
    const context = await testKafkaContext(uniqueNamespace('poison'));
    await publishRaw(context, 3);
    await publishBytes(context, topics.raw, [{ key: 'poison', value: Buffer.from('{"id":"not avro"}') }]);

    const handled: string[] = [];
    const consumer = await runConsumer(context, {
      groupId: 'collector',
      topic: topics.raw,
      mode: 'transactional',
      serviceName: 'collector',
      metrics: createMetrics({ service: 'collector', collectDefaults: false }),
      handle: async (records) => {
        handled.push(...records.map((record) => record.value.id));
        return [];
      },
    });
    const rejected = await readTopic(context, topics.rejected, { count: 1 });
    await consumer.stop();
    expect(handled.sort()).toEqual(['r-0', 'r-1', 'r-2']);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.value).toMatchObject({
      service: 'collector',
      reason_code: 'RECORD_UNDECODABLE',
      reading_id: 'poison',
      payload: Buffer.from('{"id":"not avro"}').toString('base64'),
    });
  });

  it('a member that its group, stable and alive, left with no partitions while no one owns them joins again and reads them', async () => {
    const context = await testKafkaContext(uniqueNamespace('orphaned'));
    await publishRaw(context, 20);
    const leader = await joinAsForgetfulLeader(context, 'orphaned', topics.raw);
    const metrics = createMetrics({ service: 'orphaned', collectDefaults: false });
    const seen = new Set<string>();
    const consumer = await runConsumer(context, {
      groupId: 'orphaned',
      topic: topics.raw,
      mode: 'at-least-once',
      serviceName: 'orphaned',
      metrics,
      sessionTimeoutMs: 6_000,
      handle: async (records) => {
        for (const record of records) seen.add(record.value.id);
        return [];
      },
    });
    try {
      await eventually('every record read after the member joined again', async () => seen.size, (count) => count === 20, 90_000);
      const rejoins = (await metrics.registry.getSingleMetricAsString('thermostream_consumer_ownership_rejoins_total')).match(/ (\d+)$/m)?.[1];
      expect(Number(rejoins)).toBeGreaterThanOrEqual(1);
      expect(consumer.status().restarts).toBeGreaterThanOrEqual(1);
    } finally {
      await consumer.stop();
      await leader.leave();
    }
  }, 120_000);

  it('at-least-once: a restarted member of the group resumes after the last committed batch', async () => {
    const context = await testKafkaContext(uniqueNamespace('alo'));
    await publishRaw(context, 10);
    const metrics = createMetrics({ service: 'counter', collectDefaults: false });
    const seen: string[] = [];
    const start = () =>
      runConsumer(context, {
        groupId: 'counter',
        topic: topics.raw,
        mode: 'at-least-once',
        serviceName: 'counter',
        metrics,
        handle: async (records) => {
          seen.push(...records.map((record) => record.value.id));
          return [];
        },
      });
    const first = await start();
    while (seen.length < 10) await new Promise((resolve) => setTimeout(resolve, 100));
    await first.stop();

    await publishRaw(context, 12);
    const second = await start();
    while (seen.length < 22) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await second.stop();
    expect(seen).toHaveLength(22);
  });

  it('keeps a fetch near its bound of uncompressed bytes, however well the batches compress', async () => {
    const context = await testKafkaContext(uniqueNamespace('bound'));
    const readings = 60_000;
    const producer = await createProducer(context);
    // Many small sends make many small record batches: the broker never splits one, so a batch is the finest a fetch can stop at.
    for (let first = 0; first < readings; first += 600) {
      await producer.send(Array.from({ length: 600 }, (_, n) => outbound(topics.raw, `r-${first + n}`, reading(first + n))));
    }
    await producer.disconnect();

    /** The most records one partition brought in one fetch, and the partitions seen. */
    const drain = async (groupId: string, maxRecordBytesPerFetch: number) => {
      let handled = 0;
      let largest = 0;
      const partitions = new Set<number>();
      const consumer = await watchRaw(context, groupId, { maxBytesPerPartition: 512 * 1024, maxRecordBytesPerFetch }, (records) => {
        handled += records.length;
        largest = Math.max(largest, records.length);
        for (const record of records) partitions.add(record.partition);
      });
      while (handled < readings) await new Promise((resolve) => setTimeout(resolve, 100));
      await consumer.stop();
      return { largest, partitions: partitions.size };
    };

    // A reading and its key take about 75 bytes uncompressed; lz4 packs several into each wire byte.
    const bound = 1024 * 1024;
    const bounded = await drain('bounded', bound);
    const unbounded = await drain('unbounded', 1024 * 1024 * 1024);
    const boundPerPartition = bound / bounded.partitions / 75;
    expect(bounded.largest).toBeLessThanOrEqual(boundPerPartition * 1.25);
    expect(unbounded.largest).toBeGreaterThan(boundPerPartition * 1.5);
  });

  it('under a trickle of records, a fetch asked for more bytes waits for them: fewer, larger batches', async () => {
    const context = await testKafkaContext(uniqueNamespace('fetchwait'));
    const sends = 20;
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const start = async (groupId: string, wait: { fetchMinBytes: number; fetchMaxWaitMs: number }) => {
      const seen = { handled: 0, batches: 0 };
      const consumer = await watchRaw(context, groupId, wait, (records) => {
        seen.handled += records.length;
        seen.batches += 1;
      });
      return { seen, consumer };
    };
    const atOnce = await start('at-once', { fetchMinBytes: 1, fetchMaxWaitMs: 100 });
    const waiting = await start('waiting', { fetchMinBytes: 1024 * 1024, fetchMaxWaitMs: 1_000 });
    while (!atOnce.consumer.isReady() || !waiting.consumer.isReady()) await pause(50);

    // One key, so one partition: every fetch that brings records is one call of the handler.
    const producer = await createProducer(context);
    for (let n = 0; n < sends; n += 1) {
      await producer.send([outbound(topics.raw, 'one-sensor', reading(n))]);
      await pause(150);
    }
    await producer.disconnect();
    while (atOnce.seen.handled < sends || waiting.seen.handled < sends) await pause(50);
    await Promise.all([atOnce.consumer.stop(), waiting.consumer.stop()]);

    // Sent 150 ms apart over 3 s: answered at once, nearly each its own batch; held up to 1 s, a few batches.
    expect(atOnce.seen.batches).toBeGreaterThanOrEqual(10);
    expect(waiting.seen.batches).toBeLessThanOrEqual(Math.ceil(atOnce.seen.batches / 3));
    expect(waiting.seen.handled).toBe(sends);
  });
});
