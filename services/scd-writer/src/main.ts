import path from 'node:path';
import { openCommittedReader, topics } from '@thermostream/kafka';
import { runConsumerService } from '@thermostream/service';
import { createChangelogCatchUp } from './catch-up.ts';
import { scdWriterSettings } from './config.ts';
import { createScdWriter } from './handler.ts';
import { openLocalStore } from './local-store.ts';

runConsumerService({
  service: 'scd-writer',
  settings: scdWriterSettings,
  input: topics.regional,
  mode: 'transactional',
  setup: async ({ config, kafka, metrics, logger, shutdown }) => {
    const store = openLocalStore(path.join(config.stateDir, config.pipelineNamespace === '' ? 'default' : config.pipelineNamespace), {
      flushVersions: config.storeFlushVersions,
      flushIntervalMs: config.storeFlushIntervalMs,
      onFlush({ versions, seconds, pending }) {
        metrics.increment('thermostream_state_store_flushed_versions_total', {}, versions);
        metrics.observe('thermostream_state_store_flush_seconds', seconds);
        metrics.set('thermostream_state_store_held_versions', pending);
        logger.debug({ versions, seconds: Number(seconds.toFixed(3)), held: pending }, 'local store written');
      },
      onFlushFailed(error) {
        metrics.increment('thermostream_state_store_flush_failures_total');
        logger.error({ err: error }, 'writing the local store failed; its versions stay in memory and are written again');
      },
    });
    shutdown.onShutdown('local store', () => store.close());
    const catchUp = createChangelogCatchUp({
      store,
      openReader: () => openCommittedReader(kafka, topics.currentVersions),
      metrics,
      logger,
    });
    return createScdWriter({ store, catchUp, metrics, logger, maxReadingsPerRecord: config.maxReadingsPerRecord });
  },
});
