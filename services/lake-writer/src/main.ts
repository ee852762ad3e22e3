import path from 'node:path';
import { localDirectoryStorage } from '@thermostream/archive';
import { topicName, topics } from '@thermostream/kafka';
import { createLakeFileEncoder, isLakeFile } from '@thermostream/lake';
import { runConsumerService } from '@thermostream/service';
import { lakeWriterSettings } from './config.ts';
import { createLakeWriter } from './lake-writer.ts';

runConsumerService({
  service: 'lake-writer',
  settings: lakeWriterSettings,
  input: topics.versions,
  mode: 'at-least-once',
  setup: async ({ config, metrics, logger, shutdown }) => {
    const storage = localDirectoryStorage(path.resolve(config.lakeDir), isLakeFile);
    const encoder = await createLakeFileEncoder();
    logger.info({ lake: storage.describe(), maxVersionsPerCut: config.maxVersionsPerCut, maxCutAgeMs: config.maxCutAgeMs }, 'writing readings.versions to the lake');
    const writer = createLakeWriter({
      topic: topicName(topics.versions, config.pipelineNamespace),
      storage,
      encoder,
      limits: { maxVersionsPerCut: config.maxVersionsPerCut, maxCutAgeMs: config.maxCutAgeMs },
      idleFlushMs: config.idleFlushMs,
      metrics,
      logger,
    });
    // Steps run in reverse: the timer stops before the encoder it uses closes.
    shutdown.onShutdown('parquet encoder', () => encoder.close());
    const stopIdleFlushes = writer.startIdleFlushes();
    shutdown.onShutdown('idle flush', async () => stopIdleFlushes());
    return writer;
  },
});
