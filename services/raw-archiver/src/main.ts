import path from 'node:path';
import { topicName, topics } from '@thermostream/kafka';
import { runConsumerService } from '@thermostream/service';
import { planArchiveChunks } from './archive-layout.js';
import { localDirectoryStorage } from './archive-storage.js';
import { encodeContainer } from './avro-container.js';
import { archiverSettings } from './config.js';

runConsumerService({
  service: 'raw-archiver',
  settings: archiverSettings,
  input: topics.raw,
  mode: 'at-least-once',
  setup: async ({ config, metrics, logger }) => {
    const storage = localDirectoryStorage(path.resolve(config.archiveDir));
    const topic = topicName(topics.raw, config.pipelineNamespace);
    logger.info({ archive: storage.describe(), codec: config.archiveCodec }, 'archiving readings.raw');
    return async (records) => {
      // Files are durable before the runner commits the offsets of their records.
      for (const chunk of planArchiveChunks(topic, records, config.maxRecordsPerFile)) {
        const bytes = await encodeContainer(chunk.records.map((record) => record.value), config.archiveCodec);
        await storage.write(chunk.path, bytes);
        metrics.increment('thermostream_archive_files_written_total');
        metrics.increment('thermostream_archive_records_written_total', {}, chunk.records.length);
        metrics.increment('thermostream_archive_bytes_written_total', {}, bytes.length);
      }
      return [];
    };
  },
});
