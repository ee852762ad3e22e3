import { topics } from '@thermostream/kafka';
import { openDatabase, runConsumerService } from '@thermostream/service';
import { aggregatorSettings } from './config.ts';
import { createAggregatorHandler } from './handler.ts';

runConsumerService({
  service: 'aggregator',
  settings: aggregatorSettings,
  input: topics.changes,
  mode: 'at-least-once',
  partitionsInParallel: true,
  setup: async (runtime) => createAggregatorHandler({ database: await openDatabase(runtime), metrics: runtime.metrics }),
});
