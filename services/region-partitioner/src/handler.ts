import type { CleanReadingBatch } from '@thermostream/avro';
import { framedRecords, topics, type BatchHandler } from '@thermostream/kafka';
import type { Metrics } from '@thermostream/observability';
import type { RegionAssigner } from '@thermostream/regions';
import { assignRegions } from './assign-regions.ts';

/** readings.clean → readings.regional, framed by the partition of each reading's id: every version of an id on one partition. */
export function createPartitionerHandler(options: { assign: RegionAssigner; maxReadingsPerRecord: number; metrics: Metrics }): BatchHandler<CleanReadingBatch> {
  return async (records) => {
    const { regional, unassigned, assignedByRegion } = assignRegions(
      records.flatMap((record) => record.value.readings),
      options.assign,
    );
    options.metrics.increment('thermostream_readings_unassigned_total', {}, unassigned);
    for (const [region, count] of assignedByRegion) options.metrics.increment('thermostream_readings_assigned_total', { region }, count);
    return framedRecords(topics.regional, regional, (regional) => regional.reading.id, (readings) => ({ readings }), { maxItemsPerRecord: options.maxReadingsPerRecord });
  };
}
