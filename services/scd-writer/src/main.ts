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
    const store = openLocalStore(path.join(config.stateDir, config.pipelineNamespace === '' ? 'default' : config.pipelineNamespace));
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
