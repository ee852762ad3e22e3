import { topics } from '@thermostream/kafka';
import { applyOnce, openDatabase, runConsumerService } from '@thermostream/service';
import { applyAggregateChanges, countImbalances } from './aggregate-store.ts';
import { loadAppliedSequences, saveAppliedSequences } from './applied-sequences-store.ts';
import { aggregatorSettings } from './config.ts';
import { foldDeltas } from './fold-deltas.ts';
import { skipRelayedTwice } from './skip-relayed-twice.ts';

runConsumerService({
  service: 'aggregator',
  settings: aggregatorSettings,
  input: topics.changes,
  mode: 'at-least-once',
  setup: async (runtime) => {
    const database = await openDatabase(runtime);
    const { metrics } = runtime;
    return async (records) => {
      // The offsets skip a Kafka record delivered again; the outbox sequences skip a delta relayed again.
      const outcome = await applyOnce(database, 'aggregator', records, async (tx, fresh) => {
        const changesPartition = fresh[0]!.partition;
        const applied = await loadAppliedSequences(tx, changesPartition);
        const { fresh: unseen, repeats } = skipRelayedTwice(fresh, applied);
        metrics.increment('thermostream_deltas_duplicates_skipped_total', {}, repeats);
        const changed = await applyAggregateChanges(tx, foldDeltas(unseen.flatMap((record) => record.value.deltas)));
        await saveAppliedSequences(tx, changesPartition, applied);
        return { changed, imbalances: await countImbalances(tx) };
      });
      if (outcome) {
        metrics.increment('thermostream_aggregate_rows_upserted_total', {}, outcome.changed);
        metrics.set('thermostream_aggregate_imbalances', outcome.imbalances);
      }
      return [];
    };
  },
});
