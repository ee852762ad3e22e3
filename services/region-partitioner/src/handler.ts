import type { CleanReadingBatch } from '@thermostream/avro';
import { frameByKey, outbound, topics, type BatchHandler } from '@thermostream/kafka';
import type { Metrics } from '@thermostream/observability';
import { regionHourKey, type RegionAssigner } from '@thermostream/regions';
import { assignRegions } from './assign-regions.ts';

/** readings.clean → readings.regional, framed by the partition of each reading's region and hour. */
export function createPartitionerHandler(options: { assign: RegionAssigner; maxReadingsPerRecord: number; metrics: Metrics }): BatchHandler<CleanReadingBatch> {
  return async (records) => {
    const { regional, unassigned, assignedByRegion } = assignRegions(
      records.flatMap((record) => record.value.readings),
      options.assign,
    );
    options.metrics.increment('thermostream_readings_unassigned_total', {}, unassigned);
    for (const [region, count] of assignedByRegion) options.metrics.increment('thermostream_readings_assigned_total', { region }, count);
    return frameByKey(regional, (reading) => regionHourKey(reading.region_code, reading.hour), topics.regional.partitions, options.maxReadingsPerRecord, 'repeated').map(
      (frame) => ({ ...outbound(topics.regional, frame.key, { readings: frame.items }), partition: frame.partition }),
    );
  };
}
