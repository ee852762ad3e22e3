import { createThreadedProducer, outbound, rejection, topics, type KafkaContext } from '@thermostream/kafka';
import { freePort } from '../support/pipeline.ts';
import { readTopic, testKafkaContext, uniqueNamespace } from '../support/pipeline-context.ts';
import { parisReading } from '../support/raw-reading.ts';

describe('a threaded producer', () => {
  it('delivers every record of concurrent sends to its topic, each key on one partition in the order sent, and reports the brokers answered', async () => {
    const reachability: boolean[] = [];
    const context: KafkaContext = { ...(await testKafkaContext(uniqueNamespace('thread'))), onReachability: (reachable) => reachability.push(reachable) };
    const producer = createThreadedProducer(context);
    const sends = 3;
    const perSend = 200;
    try {
      await Promise.all(
        Array.from({ length: sends }, (_, send) =>
          producer.send([
            ...Array.from({ length: perSend }, (_, index) => outbound(topics.raw, `device-${index % 7}`, parisReading(`reading-${send}-${index}`))),
            rejection({
              service: 'http-ingest',
              reason_code: 'FIELD_MISSING',
              field: 'lat',
              message: 'lat is required',
              reading_id: `rejected-${send}`,
              payload: '{}',
              source_topic: null,
              source_partition: null,
              source_offset: null,
              partner: 'test',
              request_id: `request-${send}`,
              record_index: 0,
              rejected_at: Date.now(),
            }),
          ]),
        ),
      );
    } finally {
      await producer.disconnect();
    }
    expect(reachability).toEqual(Array.from({ length: sends }, () => true));

    const raw = await readTopic(context, topics.raw, { count: sends * perSend, timeoutMs: 60_000 });
    expect(raw.map((record) => record.value.id).sort()).toEqual(
      Array.from({ length: sends * perSend }, (_, n) => `reading-${Math.floor(n / perSend)}-${n % perSend}`).sort(),
    );
    const byKey = new Map<string, { partitions: Set<number>; indexes: number[][] }>();
    for (const record of raw) {
      const [, send, index] = record.value.id.split('-').map(Number);
      const entry = byKey.get(record.key!) ?? { partitions: new Set(), indexes: Array.from({ length: sends }, () => []) };
      entry.partitions.add(record.partition);
      entry.indexes[send!]!.push(index!);
      byKey.set(record.key!, entry);
    }
    expect(byKey.size).toBe(7);
    for (const { partitions, indexes } of byKey.values()) {
      expect(partitions.size).toBe(1);
      for (const sent of indexes) expect(sent).toEqual([...sent].sort((a, b) => a - b));
    }
    const rejected = await readTopic(context, topics.rejected, { count: sends, timeoutMs: 30_000 });
    expect(rejected.map((record) => record.value.reading_id).sort()).toEqual(['rejected-0', 'rejected-1', 'rejected-2']);
  }, 120_000);

  it('fails a send with the reason when no broker answers, and reports the brokers unreachable', async () => {
    const reachable = await testKafkaContext(uniqueNamespace('thread'));
    const reachability: boolean[] = [];
    const context: KafkaContext = { ...reachable, brokers: [`127.0.0.1:${await freePort()}`], onReachability: (answered) => reachability.push(answered) };
    const producer = createThreadedProducer(context);
    try {
      await expect(producer.send([outbound(topics.raw, 'nobody-listens', parisReading('nobody-listens'))])).rejects.toMatchObject({
        name: 'ProducerThreadSendError',
        unreachable: true,
        message: expect.stringMatching(/ECONNREFUSED|connect/i),
      });
    } finally {
      await producer.disconnect();
    }
    expect(reachability).toEqual([false]);
  }, 120_000);
});
