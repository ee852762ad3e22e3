import type { ReadingDelta, RegionalReadingBatch } from '@thermostream/avro';
import { topics, type ProducedOffsets } from '@thermostream/kafka';
import type { Logger, Metrics } from '@thermostream/observability';
import type { TransactionalStateConsumer } from '@thermostream/service';
import type { ChangelogCatchUp } from './catch-up.ts';
import type { LocalStore } from './local-store.ts';
import { planVersions, type VersionPlan } from './plan-versions.ts';
import { versionOutputs } from './version-outputs.ts';

/**
 * readings.regional → readings.changes, readings.versions and the changelog, in the transaction that
 * commits the batch's offset. Each id's current version comes from the local store; what a batch
 * changes is written to the store only once its transaction committed, with the changelog offset it
 * reached, so the store never holds what Kafka does not.
 */
export function createScdWriter(options: {
  store: LocalStore;
  catchUp: ChangelogCatchUp;
  metrics: Metrics;
  logger: Logger;
  maxReadingsPerRecord: number;
}): TransactionalStateConsumer<RegionalReadingBatch> {
  const { store, metrics } = options;
  // What the open transaction changed, by partition: the store's (and the metrics') once it commits,
  // forgotten if it aborts, so a batch delivered again is counted once.
  let staged = new Map<number, Pick<VersionPlan, 'current' | 'versions' | 'deltas'>>();

  return {
    async handle(records) {
      const partition = records[0]?.partition;
      if (partition === undefined) return [];
      const readings = records.flatMap((record) => record.value.readings);
      const ids = readings.map((regional) => regional.reading.id);
      const plan = planVersions(readings, await store.currentVersions(partition, ids));
      staged.set(partition, plan);
      return versionOutputs(plan, { partition, lastOffset: records[records.length - 1]!.offset, maxReadingsPerRecord: options.maxReadingsPerRecord });
    },
    async onAssignment(partitions) {
      staged = new Map();
      await options.catchUp(partitions);
    },
    transactionOutcome: {
      async committed(produced: ProducedOffsets) {
        const committed = staged;
        staged = new Map();
        for (const [partition, plan] of committed) {
          metrics.increment('thermostream_reading_versions_written_total', {}, plan.versions.length);
          countDeltas(metrics, plan.deltas);
          const last = produced.lastOffset(topics.currentVersions, partition);
          if (last !== undefined) await store.apply(partition, plan.current, last + 1);
        }
      },
      aborted() {
        staged = new Map();
      },
    },
  };
}

function countDeltas(metrics: Metrics, deltas: readonly ReadingDelta[]) {
  // In readings: a net delta stands for point_count of them, and the metric counts what each reading emitted.
  let adds = 0;
  let retractions = 0;
  for (const delta of deltas) {
    if (delta.kind === 'ADD') adds += delta.point_count;
    else retractions += delta.point_count;
  }
  if (adds > 0) metrics.increment('thermostream_deltas_emitted_total', { kind: 'ADD' }, adds);
  if (retractions > 0) metrics.increment('thermostream_deltas_emitted_total', { kind: 'RETRACT' }, retractions);
}
