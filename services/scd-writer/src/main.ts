import { frameByKey, outbound, topics } from '@thermostream/kafka';
import { regionHourKey } from '@thermostream/regions';
import { applyOnce, openDatabase, runConsumerService } from '@thermostream/service';
import { scdWriterSettings } from './config.js';
import { planVersions } from './plan-versions.js';
import { loadCurrentVersions, writeVersionPlan } from './version-store.js';

runConsumerService({
  service: 'scd-writer',
  settings: scdWriterSettings,
  input: topics.regional,
  mode: 'at-least-once',
  setup: async (runtime) => {
    const database = await openDatabase(runtime);
    const { metrics, config } = runtime;
    return async (records, produce) => {
      await applyOnce(database, 'scd-writer', records, async (tx, fresh) => {
        const readings = fresh.flatMap((record) => record.value.readings);
        const plan = planVersions(readings, await loadCurrentVersions(tx, readings.map((regional) => regional.reading.id)));
        metrics.increment('thermostream_reading_versions_written_total', {}, await writeVersionPlan(tx, plan));
        // The deltas are acknowledged by Kafka before the history commits: a crash in between
        // redelivers the batch and sends them again, never loses them.
        await produce(
          frameByKey(plan.deltas, (delta) => regionHourKey(delta.region_code, delta.hour), config.maxReadingsPerRecord).map((frame) =>
            outbound(topics.changes, frame.key, { deltas: frame.items }),
          ),
        );
        for (const delta of plan.deltas) metrics.increment('thermostream_deltas_emitted_total', { kind: delta.kind });
      });
      return [];
    };
  },
});
