import { createProducer, outbound, topics } from '@thermostream/kafka';
import { readTopic, testKafkaContext, uniqueNamespace } from '../support/pipeline-context.ts';
import { parisReading } from '../support/raw-reading.ts';

/**
 * The client counts an idempotent producer's records per partition to number the next batch of each.
 * It counts runs of records bound for one partition; records that alternate between partitions make
 * many short runs. A miscount would make the broker refuse the next send as out of sequence.
 */
describe('an idempotent producer sending records that alternate between partitions', () => {
  it('has every send accepted, and every record stored once, in the order sent on its partition', async () => {
    const context = await testKafkaContext(uniqueNamespace('sequences'));
    const producer = await createProducer(context);
    const pattern = [0, 1, 0, 2, 1, 1, 0, 3, 3, 3, 0, 5, 4, 0];
    const sends = 4;
    try {
      for (let send = 0; send < sends; send++) {
        await producer.send(pattern.map((partition, index) => ({ ...outbound(topics.raw, `key-${partition}`, parisReading(`${send}-${index}`)), partition })));
      }
    } finally {
      await producer.disconnect();
    }

    const records = await readTopic(context, topics.raw, { count: sends * pattern.length, timeoutMs: 60_000 });
    expect(records).toHaveLength(sends * pattern.length);
    const sentTo = (partition: number) =>
      Array.from({ length: sends }, (_, send) => pattern.flatMap((to, index) => (to === partition ? [`${send}-${index}`] : []))).flat();
    for (const partition of new Set(pattern)) {
      const stored = records.filter((record) => record.partition === partition).sort((a, b) => a.offset - b.offset);
      expect(stored.map((record) => record.value.id)).toEqual(sentTo(partition));
    }
  }, 120_000);
});
