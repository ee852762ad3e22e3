import { topics } from '@thermostream/kafka';
import { applyOnce, openDatabase, runConsumerService } from '@thermostream/service';
import { applyAggregateChanges } from './aggregate-store.js';
import { aggregatorSettings } from './config.js';
import { foldDeltas } from './fold-deltas.js';

runConsumerService({
  service: 'aggregator',
  settings: aggregatorSettings,
  input: topics.changes,
  mode: 'at-least-once',
  setup: async (runtime) => {
    const database = await openDatabase(runtime);
    return async (records) => {
      const rowsChanged = await applyOnce(database, 'aggregator', records, (tx, fresh) =>
        applyAggregateChanges(tx, foldDeltas(fresh.flatMap((record) => record.value.deltas))),
      );
      runtime.metrics.increment('thermostream_aggregate_rows_upserted_total', {}, rowsChanged ?? 0);
      return [];
    };
  },
});
