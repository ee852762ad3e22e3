import { ConfigError } from '@thermostream/config';
import { createThreadedProducer, outbound, rejection, topics } from '@thermostream/kafka';
import { runService } from '@thermostream/lifecycle';
import { registerOpsRoutes } from '@thermostream/observability';
import { createServiceRuntime } from '@thermostream/service';
import { buildApp } from './app.ts';
import { ingestSettings, parsePartnerKeys } from './config.ts';

runService('http-ingest', async () => {
  const runtime = await createServiceRuntime('http-ingest', ingestSettings);
  const { config, logger, metrics, shutdown } = runtime;
  if (config.maxInFlightBytes < config.maxBodyBytes) {
    // A body between the two sizes could never fit the budget: it would get a 503 on every retry.
    throw new ConfigError([`INGEST_MAX_IN_FLIGHT_BYTES (${config.maxInFlightBytes}) must be at least INGEST_MAX_BODY_BYTES (${config.maxBodyBytes})`]);
  }
  const producer = createThreadedProducer(runtime.kafka, { compression: config.kafkaCompression });
  shutdown.onShutdown('producer', () => producer.disconnect());

  const app = buildApp(
    { apiKeys: parsePartnerKeys(config.apiKeys), maxBodyBytes: config.maxBodyBytes, maxRecords: config.maxRecords, maxInFlightBytes: config.maxInFlightBytes, ackTimeoutMs: config.ackTimeoutMs },
    {
      logger,
      metrics,
      publish: (readings, rejects) => producer.send([...readings.map((reading) => outbound(topics.raw, reading.id, reading)), ...rejects.map(rejection)]),
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
