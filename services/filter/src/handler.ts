import { framedRecords, rejection, topics, type BatchHandler } from '@thermostream/kafka';
import type { RawReading } from '@thermostream/avro';
import type { Metrics } from '@thermostream/observability';
import { rejectsByReason } from '@thermostream/readings';
import { filterReadings } from './filter-readings.ts';

/** readings.raw → readings.clean (framed by the partition of each reading id) and readings.rejected. */
export function createFilterHandler(options: { maxReadingsPerRecord: number; metrics: Metrics; now?: () => number }): BatchHandler<RawReading> {
  const now = options.now ?? Date.now;
  return async (records) => {
    const batch = filterReadings(records, now());
    options.metrics.increment('thermostream_readings_outside_france_total', {}, batch.outsideFrance);
    options.metrics.increment('thermostream_country_label_mismatch_total', {}, batch.countryMismatch);
    for (const [reason, count] of rejectsByReason(batch.rejects)) options.metrics.increment('thermostream_readings_rejected_total', { reason }, count);
    const clean = framedRecords(topics.clean, batch.clean, (reading) => reading.id, (readings) => ({ readings }), { maxItemsPerRecord: options.maxReadingsPerRecord });
    return [...clean, ...batch.rejects.map(rejection)];
  };
}
