import { topics } from '@thermostream/kafka';
import { openDatabase, runConsumerService } from '@thermostream/service';
import { mirrorSettings } from './config.ts';
import { createMirrorHandler } from './handler.ts';

runConsumerService({
  service: 'versions-mirror',
  settings: mirrorSettings,
  input: topics.versions,
  mode: 'at-least-once',
  partitionsInParallel: true,
  setup: async (runtime) => createMirrorHandler({ database: await openDatabase(runtime), metrics: runtime.metrics }),
});
