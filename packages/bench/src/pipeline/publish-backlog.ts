import { createAvroSerde, createSchemaRegistry } from '@thermostream/avro';
import { createKafkaContext, createProducer, ensureTopics, outbound, topics } from '@thermostream/kafka';
import { createLogger } from '@thermostream/observability';
import type { PartnerReading } from '../reading-generator.ts';
import { toDirectRawReading } from './backlog.ts';

/** Records a send hands the producer, and sends in flight: enough to keep the broker busy without holding the backlog twice. */
const recordsPerSend = 5_000;
const sendsInFlight = 4;

/**
 * Publishes the readings to the namespace's readings.raw as a direct partner does: one Avro record
 * per reading, keyed by its id, with the product's serde and idempotent producer. The topic is
 * created (and its schema registered) first, as the services would at start.
 */
export async function publishBacklog(options: {
  brokers: string[];
  registryUrl: string;
  namespace: string;
  readings: readonly PartnerReading[];
  progress: (line: string) => void;
}): Promise<{ seconds: number }> {
  const context = createKafkaContext({
    brokers: options.brokers,
    clientId: 'thermo-bench',
    namespace: options.namespace,
    serde: createAvroSerde(createSchemaRegistry(options.registryUrl)),
    logger: createLogger({ service: 'thermo-bench', level: 'error', destination: 'stderr' }),
  });
  await ensureTopics(context, [topics.raw]);
  const producer = await createProducer(context);
  const started = Date.now();
  try {
    let next = 0;
    const sender = async () => {
      while (next < options.readings.length) {
        const from = next;
        next += recordsPerSend;
        const chunk = options.readings.slice(from, from + recordsPerSend);
        await producer.send(chunk.map((reading) => outbound(topics.raw, String(reading.id), toDirectRawReading(reading))));
      }
    };
    await Promise.all(Array.from({ length: sendsInFlight }, sender));
  } finally {
    await producer.disconnect();
  }
  const seconds = (Date.now() - started) / 1000;
  options.progress(`published ${options.readings.length} readings in ${seconds.toFixed(1)} s (${Math.round(options.readings.length / seconds)} records/s)`);
  return { seconds };
}
