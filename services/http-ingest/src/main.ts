import { createProducer, outbound, rejection, topics } from '@thermostream/kafka';
import { runService } from '@thermostream/lifecycle';
import { registerOpsRoutes } from '@thermostream/observability';
import { createServiceRuntime } from '@thermostream/service';
import { buildApp } from './app.js';
import { ingestSettings, parsePartnerKeys } from './config.js';

runService('http-ingest', async () => {
  const runtime = await createServiceRuntime('http-ingest', ingestSettings);
  const { config, logger, metrics, shutdown } = runtime;
  const producer = await createProducer(runtime.kafka, { compression: config.kafkaCompression });
  shutdown.onShutdown('producer', () => producer.disconnect());

  const app = buildApp(
    { apiKeys: parsePartnerKeys(config.apiKeys), maxBodyBytes: config.maxBodyBytes, maxRecords: config.maxRecords, maxInFlightBytes: config.maxInFlightBytes },
    {
      logger,
      metrics,
      publish: (readings, rejects) =>
        withTimeout(
          producer.send([...readings.map((reading) => outbound(topics.raw, reading.id, reading)), ...rejects.map(rejection)]),
          config.ackTimeoutMs,
        ),
    },
  );
  let accepting = false;
  registerOpsRoutes(app, { metrics, isReady: () => accepting });
  await app.listen({ host: config.ingestHost, port: config.ingestPort });
  accepting = true;
  logger.info({ host: config.ingestHost, port: config.ingestPort }, 'listening: POST /v1/readings, GET /docs, /metrics');
  shutdown.onShutdown('http', async () => {
    accepting = false;
    await app.close();
  });
});

/** Kafka clients retry for a long time; a partner gets a 503 after `ms` instead of a hanging request. */
function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`Kafka did not acknowledge within ${ms} ms`), { retriable: true })), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
