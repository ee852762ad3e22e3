import { topics } from '@thermostream/kafka';
import { runConsumerService } from '@thermostream/service';
import { filterSettings } from './config.ts';
import { createFilterHandler } from './handler.ts';

runConsumerService({
  service: 'filter',
  settings: filterSettings,
  input: topics.raw,
  mode: 'transactional',
  setup: async ({ config, metrics }) => createFilterHandler({ maxReadingsPerRecord: config.maxReadingsPerRecord, metrics }),
});
