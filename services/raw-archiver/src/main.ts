import path from 'node:path';
import { localDirectoryStorage } from '@thermostream/archive';
import { subjectOf, topicName, topics } from '@thermostream/kafka';
import { runConsumerService } from '@thermostream/service';
import { createArchiver } from './archiver.ts';
import { archiverSettings } from './config.ts';

runConsumerService({
  service: 'raw-archiver',
  settings: archiverSettings,
  input: topics.raw,
  mode: 'at-least-once',
  setup: async ({ config, metrics, logger, shutdown, kafka }) => {
    const storage = localDirectoryStorage(path.resolve(config.archiveDir));
    const rawSubject = subjectOf(topics.raw, config.pipelineNamespace);
    logger.info({ archive: storage.describe(), codec: config.archiveCodec, deflateLevel: config.archiveDeflateLevel }, 'archiving readings.raw');
    const archiver = createArchiver({
      topic: topicName(topics.raw, config.pipelineNamespace),
      storage,
      codec: config.archiveCodec,
      deflateLevel: config.archiveDeflateLevel,
      maxRecordsPerFile: config.maxRecordsPerFile,
      maxBytesPerFile: config.maxBytesPerFile,
      idleFlushMs: config.idleFlushMs,
      metrics,
      logger,
      // Readings written with the pipeline's own schema (http-ingest's, most partners') are copied, not encoded again.
      readingBody: (record) => (record.valueBytes ? kafka.serde.bodyInRegisteredSchema(rawSubject, record.valueBytes) : undefined),
    });
    const stopIdleFlushes = archiver.startIdleFlushes();
    shutdown.onShutdown('idle flush', async () => stopIdleFlushes());
    return archiver;
  },
});
