import { BinaryCopyWriter } from '@thermostream/postgres';
import type { VersionRow } from './plan-versions.ts';

/** The reading_versions columns `copyRows` writes, in its order. */
export const versionColumns = 'reading_id, version, region_code, hour, event_time, temperature, lat, lon, valid_from, valid_to, is_current, raw_partition, raw_offset';

/** reading_versions rows as a binary COPY body, each field in its column's own type. */
export function copyRows(rows: readonly VersionRow[]): Buffer {
  const writer = new BinaryCopyWriter(rows.length * 128);
  for (const row of rows) {
    writer
      .row(13)
      .text(row.readingId)
      .int8(row.version)
      .text(row.regionCode)
      .timestamptz(row.hour)
      .timestamptz(row.eventTime)
      .numeric(row.temperature)
      .float8(row.lat)
      .float8(row.lon)
      .timestamptz(row.validFrom)
      .timestamptz(row.validTo)
      .bool(row.validTo === null)
      .int4(row.rawPartition)
      .int8(row.rawOffset);
  }
  return writer.finish();
}
