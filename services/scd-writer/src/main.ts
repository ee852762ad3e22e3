import { createProducer, frameByKey, topics } from '@thermostream/kafka';
import { regionHourKey } from '@thermostream/regions';
import { applyOnce, openDatabase, runConsumerService } from '@thermostream/service';
import { scdWriterSettings } from './config.ts';
import { createDeltaRelay, stageDeltas } from './delta-outbox.ts';
import { planVersions } from './plan-versions.ts';
import { retryIdConflicts } from './retry-id-conflicts.ts';
import { loadCurrentVersions, writeVersionPlan } from './version-store.ts';

runConsumerService({
  service: 'scd-writer',
  settings: scdWriterSettings,
  input: topics.regional,
  mode: 'at-least-once',
  setup: async (runtime) => {
    const database = await openDatabase(runtime);
    const { metrics, config, logger } = runtime;
    const producer = await createProducer(runtime.kafka, { compression: config.kafkaCompression });
    const relay = createDeltaRelay({
      database,
      send: (records) => producer.send(records),
      rowsPerSend: config.outboxRowsPerSend,
      onRelayed: (count) => metrics.increment('thermostream_outbox_records_relayed_total', {}, count),
    });
    let sweeping = false;
    const sweep = setInterval(() => {
      if (sweeping) return;
      sweeping = true;
      relay
        .drainAll()
        .catch((error: unknown) => {
          metrics.increment('thermostream_outbox_relay_failures_total');
          logger.warn({ err: error }, 'outbox relay failed; retrying at the next sweep');
        })
        .finally(() => (sweeping = false));
    }, config.outboxSweepMs);
    runtime.shutdown.onShutdown('outbox relay', async () => {
      clearInterval(sweep);
      await producer.disconnect();
    });

    return async (records) => {
      const sourcePartition = records[0]?.partition;
      if (sourcePartition === undefined) return [];
      // History, deltas (in the outbox) and the consumed offset commit together; the relay sends the
      // deltas afterwards, so neither a crash nor a redelivery can lose or double them.
      const applyBatch = () =>
        applyOnce(database, 'scd-writer', records, async (tx, fresh) => {
          const readings = fresh.flatMap((record) => record.value.readings);
          const plan = planVersions(readings, await loadCurrentVersions(tx, readings.map((regional) => regional.reading.id)));
          metrics.increment('thermostream_reading_versions_written_total', {}, await writeVersionPlan(tx, plan));
          // A frame's key is its first delta's region and hour, which hash to the frame's partition: the relay's
          // producer, partitioning by key, sends each record where its deltas belong.
          const frames = frameByKey(plan.deltas, (delta) => regionHourKey(delta.region_code, delta.hour), topics.changes.partitions, config.maxReadingsPerRecord);
          await stageDeltas(tx, sourcePartition, frames.map((frame) => ({ key: frame.key, deltas: frame.items })));
          for (const delta of plan.deltas) metrics.increment('thermostream_deltas_emitted_total', { kind: delta.kind });
        });
      await retryIdConflicts(applyBatch, (attempt) => {
        metrics.increment('thermostream_reading_id_conflicts_total');
        logger.info({ partition: sourcePartition, attempt }, 'another instance changed one of the batch’s reading ids first; applying again');
      });
      await relay.drain(sourcePartition);
      return [];
    };
  },
});
