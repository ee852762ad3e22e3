import { createProducer, topics } from '@thermostream/kafka';
import { openDatabase, runConsumerService } from '@thermostream/service';
import { scdWriterSettings } from './config.ts';
import { createOutboxSweep } from './delta-outbox.ts';
import { createScdWriter } from './handler.ts';

runConsumerService({
  service: 'scd-writer',
  settings: scdWriterSettings,
  input: topics.regional,
  mode: 'at-least-once',
  partitionsInParallel: true,
  setup: async (runtime) => {
    const database = await openDatabase(runtime);
    const { metrics, config, logger } = runtime;
    const producer = await createProducer(runtime.kafka, { compression: config.kafkaCompression });
    const writer = createScdWriter({ database, metrics, logger, maxReadingsPerRecord: config.maxReadingsPerRecord });
    const sweep = createOutboxSweep({
      database,
      send: (records) => producer.send(records),
      rowsPerSend: config.outboxRowsPerSend,
      minAgeMs: 2 * config.outboxSweepMs,
      onRelayed: (count) => metrics.increment('thermostream_outbox_records_relayed_total', {}, count),
    });
    const stopSweeps = writer.startSweeps(sweep, config.outboxSweepMs);
    runtime.shutdown.onShutdown('outbox relay', async () => {
      stopSweeps();
      await producer.disconnect();
    });
    return writer.handle;
  },
});
