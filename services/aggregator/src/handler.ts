import type { ReadingDeltaBatch } from '@thermostream/avro';
import type { BatchHandler } from '@thermostream/kafka';
import type { Metrics } from '@thermostream/observability';
import type { Database } from '@thermostream/postgres';
import { applyOnce } from '@thermostream/service';
import { applyAggregateChanges, countImbalances } from './aggregate-store.ts';
import { loadAppliedSequences } from './applied-sequences-store.ts';
import { foldDeltas } from './fold-deltas.ts';
import { skipRelayedTwice } from './skip-relayed-twice.ts';

/** readings.changes → region_hourly_temperature: per batch, one transaction of four statements. */
export function createAggregatorHandler(options: { database: Database; metrics: Metrics }): BatchHandler<ReadingDeltaBatch> {
  const { database, metrics } = options;
  return async (records) => {
    // The offsets skip a Kafka record delivered again; the sequences skip a record written twice.
    const outcome = await applyOnce(
      database,
      'aggregator',
      records,
      async (tx, fresh, offset) => {
        const changesPartition = fresh[0]!.partition;
        const applied = await loadAppliedSequences(tx, changesPartition);
        const { fresh: unseen, repeats } = skipRelayedTwice(fresh, applied);
        metrics.increment('thermostream_deltas_duplicates_skipped_total', {}, repeats);
        const changed = await applyAggregateChanges(tx, foldDeltas(unseen.flatMap((record) => record.value.deltas)), { changesPartition, applied, offset });
        return { changed, imbalances: await countImbalances(tx) };
      },
      { offsetStoredByApply: true },
    );
    if (outcome) {
      metrics.increment('thermostream_aggregate_rows_upserted_total', {}, outcome.changed);
      metrics.set('thermostream_aggregate_imbalances', outcome.imbalances);
    }
    return [];
  };
}
