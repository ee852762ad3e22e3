import type { ReadingDelta, RegionalReadingBatch } from '@thermostream/avro';
import { frameByKey, topics, type BatchHandler } from '@thermostream/kafka';
import type { Logger, Metrics } from '@thermostream/observability';
import type { Database } from '@thermostream/postgres';
import { regionHourKey } from '@thermostream/regions';
import { applyOnce } from '@thermostream/service';
import { relayRecords, stageDeltas, type DeltaFrame, type OutboxRow, type OutboxSweep } from './delta-outbox.ts';
import { netDeltas } from './net-deltas.ts';
import { planVersions } from './plan-versions.ts';
import { retryIdConflicts } from './retry-id-conflicts.ts';
import { loadCurrentVersions, writeVersionPlan } from './version-store.ts';

export interface ScdWriter {
  handle: BatchHandler<RegionalReadingBatch>;
  /** Deletes the outbox rows this instance relayed since its last batch of their partition. */
  forgetRelayed(): Promise<void>;
  /**
   * Every `intervalMs`: deletes what this instance relayed, then relays what other instances left
   * (through `sweep`). Returns the function that stops it.
   */
  startSweeps(sweep: OutboxSweep, intervalMs: number): () => void;
}

type RegionalRecords = Parameters<BatchHandler<RegionalReadingBatch>>[0];
type Produce = Parameters<BatchHandler<RegionalReadingBatch>>[1];

/** readings.regional → reading_versions and the outbox, then readings.changes through the batch's own relay. */
export function createScdWriter(options: { database: Database; metrics: Metrics; logger: Logger; maxReadingsPerRecord: number }): ScdWriter {
  const { database, metrics, logger } = options;
  // The highest sequence of each source partition this instance relayed: its rows are deleted by the
  // partition's next batch, in the statement that stages that batch's own.
  const relayedThrough = new Map<number, number>();
  const undeleted = new Set<number>();
  // Source partitions with a batch in hand: their rows are that batch's to relay, however long it takes.
  const busy = new Set<number>();

  const applyBatch = (records: RegionalRecords, sourcePartition: number) =>
    applyOnce(
      database,
      'scd-writer',
      records,
      async (tx, fresh, offset) => {
        const readings = fresh.flatMap((record) => record.value.readings);
        const plan = planVersions(readings, await loadCurrentVersions(tx, readings.map((regional) => regional.reading.id)));
        const written = await writeVersionPlan(tx, plan);
        const frames: DeltaFrame[] = frameByKey(
          netDeltas(plan.deltas),
          (delta) => regionHourKey(delta.region_code, delta.hour),
          topics.changes.partitions,
          options.maxReadingsPerRecord,
        ).map((frame) => ({ key: frame.key, partition: frame.partition, deltas: frame.items }));
        const toRelay = await stageDeltas(tx, sourcePartition, frames, relayedThrough.get(sourcePartition) ?? 0, offset);
        return { written, deltas: plan.deltas, toRelay };
      },
      { offsetStoredByApply: true },
    );

  return {
    async handle(records, produce) {
      const sourcePartition = records[0]?.partition;
      if (sourcePartition === undefined) return [];
      busy.add(sourcePartition);
      try {
        await applyAndRelay(records, sourcePartition, produce);
      } finally {
        busy.delete(sourcePartition);
      }
      return [];
    },
    forgetRelayed,
    startSweeps(sweep, intervalMs) {
      let sweeping = false;
      const timer = setInterval(() => {
        if (sweeping) return;
        sweeping = true;
        forgetRelayed()
          .then(() => sweep.sweep(busy))
          .catch((error: unknown) => {
            metrics.increment('thermostream_outbox_relay_failures_total');
            logger.warn({ err: error }, 'outbox relay failed; retrying at the next sweep');
          })
          .finally(() => (sweeping = false));
      }, intervalMs);
      return () => clearInterval(timer);
    },
  };

  async function applyAndRelay(records: RegionalRecords, sourcePartition: number, produce: Produce) {
    // History, deltas (in the outbox) and the consumed offset commit together; the deltas are sent
    // afterwards, so neither a crash nor a redelivery can lose or double them.
    const applied = await retryIdConflicts(
      () => applyBatch(records, sourcePartition),
      (attempt) => {
        metrics.increment('thermostream_reading_id_conflicts_total');
        logger.info({ partition: sourcePartition, attempt }, 'another partition’s transaction changed one of the batch’s reading ids first; applying again');
      },
    );
    if (applied === undefined) return;
    if (relayedThrough.has(sourcePartition)) undeleted.delete(sourcePartition);
    metrics.increment('thermostream_reading_versions_written_total', {}, applied.written);
    countDeltas(metrics, applied.deltas);
    await relay(sourcePartition, applied.toRelay, produce);
  }

  async function forgetRelayed() {
    const partitions = [...undeleted];
    if (partitions.length === 0) return;
    const through = partitions.map((partition) => relayedThrough.get(partition)!);
    await database.query(
      `DELETE FROM delta_outbox AS row USING unnest($1::integer[], $2::bigint[]) AS relayed(source_partition, sequence)
       WHERE row.source_partition = relayed.source_partition AND row.sequence <= relayed.sequence`,
      [partitions, through],
    );
    // A batch may have relayed more of a partition meanwhile: those rows are still to delete.
    partitions.forEach((partition, index) => {
      if (relayedThrough.get(partition) === through[index]) undeleted.delete(partition);
    });
  }

  async function relay(sourcePartition: number, rows: readonly OutboxRow[], produce: Produce) {
    if (rows.length === 0) return;
    await produce(relayRecords(sourcePartition, rows));
    relayedThrough.set(sourcePartition, rows[rows.length - 1]!.sequence);
    undeleted.add(sourcePartition);
    metrics.increment('thermostream_outbox_records_relayed_total', {}, rows.length);
  }
}

function countDeltas(metrics: Metrics, deltas: readonly ReadingDelta[]) {
  let adds = 0;
  for (const delta of deltas) if (delta.kind === 'ADD') adds += 1;
  if (adds > 0) metrics.increment('thermostream_deltas_emitted_total', { kind: 'ADD' }, adds);
  if (deltas.length > adds) metrics.increment('thermostream_deltas_emitted_total', { kind: 'RETRACT' }, deltas.length - adds);
}
