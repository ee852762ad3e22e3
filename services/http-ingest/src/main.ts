import { ConfigError } from '@thermostream/config';
import { createThreadedProducer, outbound, rejection, topics } from '@thermostream/kafka';
import { runService } from '@thermostream/lifecycle';
import { registerOpsRoutes } from '@thermostream/observability';
import { createServiceRuntime } from '@thermostream/service';
import { createApiKeys } from './api-keys.ts';
import { buildApp } from './app.ts';
import { ingestSettings, parsePartnerKeys } from './config.ts';
import { KeyFileError, readKeyFile, watchKeyFile } from './key-file.ts';

runService('http-ingest', async () => {
  const runtime = await createServiceRuntime('http-ingest', ingestSettings);
  const { config, logger, metrics, shutdown } = runtime;
  if (config.maxInFlightBytes < config.maxBodyBytes) {
    // A body between the two sizes could never fit the budget: it would get a 503 on every retry.
    throw new ConfigError([`INGEST_MAX_IN_FLIGHT_BYTES (${config.maxInFlightBytes}) must be at least INGEST_MAX_BODY_BYTES (${config.maxBodyBytes})`]);
  }
  const fixedKeys = parsePartnerKeys(config.apiKeys);
  const keyFile = config.apiKeysFile === '' ? undefined : readKeyFileAtStart(config.apiKeysFile);
  if (fixedKeys.length === 0 && keyFile === undefined) throw new ConfigError(['INGEST_API_KEYS or INGEST_API_KEYS_FILE must give at least one partner:key']);
  const apiKeys = createApiKeys([...fixedKeys, ...(keyFile?.keys ?? [])]);
  if (keyFile !== undefined) {
    const watcher = watchKeyFile(config.apiKeysFile, {
      intervalMs: config.apiKeysFilePollMs,
      initialText: keyFile.text,
      logger,
      onKeys: (fileKeys) => apiKeys.replace([...fixedKeys, ...fileKeys]),
    });
    shutdown.onShutdown('key file', async () => watcher.stop());
  }

  const producer = createThreadedProducer(runtime.kafka, { compression: config.kafkaCompression });
  shutdown.onShutdown('producer', () => producer.disconnect());

  const app = buildApp(
    {
      maxBodyBytes: config.maxBodyBytes,
      maxRecords: config.maxRecords,
      maxInFlightBytes: config.maxInFlightBytes,
      ackTimeoutMs: config.ackTimeoutMs,
      rateLimitPerMinute: config.rateLimitPerMinute,
    },
    {
      apiKeys,
      logger,
      metrics,
      publish: (readings, rejects) => producer.send([...readings.map((reading) => outbound(topics.raw, reading.id, reading)), ...rejects.map(rejection)]),
    },
  );
  let accepting = false;
  // In a plugin, so that the OpenAPI description sees them too.
  app.register(async (ops) => registerOpsRoutes(ops, { metrics, isReady: () => accepting }));
  await app.listen({ host: config.ingestHost, port: config.ingestPort });
  accepting = true;
  logger.info({ host: config.ingestHost, port: config.ingestPort }, 'listening: POST /v1/readings, GET /docs (OpenAPI at /openapi.json), /metrics');
  shutdown.onShutdown('http', async () => {
    accepting = false;
    await app.close();
  });
});

/** A key file that cannot be used at start is a configuration error, named like the others. */
function readKeyFileAtStart(file: string): ReturnType<typeof readKeyFile> {
  try {
    return readKeyFile(file);
  } catch (error) {
    if (error instanceof KeyFileError) throw new ConfigError([`INGEST_API_KEYS_FILE: ${error.message}`]);
    throw new ConfigError([`INGEST_API_KEYS_FILE: cannot read ${file}: ${(error as Error).message}`]);
  }
}
