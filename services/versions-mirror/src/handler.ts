import type { ReadingVersionBatch } from '@thermostream/avro';
import type { BatchHandler } from '@thermostream/kafka';
import type { Metrics } from '@thermostream/observability';
import type { Database } from '@thermostream/postgres';
import { applyOnce } from '@thermostream/service';
import { planMirror, type MirrorRow } from './plan-mirror.ts';

const fromEpochMillis = (value: string) => `(timestamptz 'epoch' + ${value} * interval '1 millisecond')`;

const closeStatement = `
UPDATE reading_versions AS row SET valid_to = ${fromEpochMillis('closing.valid_to')}, is_current = false
FROM json_to_recordset($1::json) AS closing(reading_id text, valid_to bigint)
WHERE row.reading_id = closing.reading_id AND row.is_current`;

/** A version stored already (a late one seen twice) is skipped. */
const insertStatement = `
INSERT INTO reading_versions (reading_id, version, region_code, hour, event_time, temperature, lat, lon, valid_from, valid_to, is_current, raw_partition, raw_offset)
SELECT reading_id, version, region_code, ${fromEpochMillis('hour')}, ${fromEpochMillis('event_time')}, temperature, lat, lon,
       ${fromEpochMillis('valid_from')}, ${fromEpochMillis('valid_to')}, valid_to IS NULL, raw_partition, raw_offset
FROM json_to_recordset($1::json) AS new(reading_id text, version bigint, region_code text, hour bigint, event_time bigint, temperature numeric,
                                        lat float8, lon float8, valid_from bigint, valid_to bigint, raw_partition integer, raw_offset bigint)
ON CONFLICT (reading_id, version) DO NOTHING`;

/**
 * readings.versions → reading_versions in PostgreSQL: the SQL copy of the lake's history, for an
 * installation that wants it. Each batch, its closes and its offset commit in one transaction.
 */
export function createMirrorHandler(options: { database: Database; metrics: Metrics }): BatchHandler<ReadingVersionBatch> {
  return async (records) => {
    const applied = await applyOnce(options.database, 'versions-mirror', records, async (tx, fresh) => {
      const plan = planMirror(fresh.flatMap((record) => record.value.versions));
      if (plan.closes.length > 0) await tx.query(closeStatement, [JSON.stringify(plan.closes.map((close) => ({ reading_id: close.readingId, valid_to: close.validTo })))]);
      if (plan.rows.length > 0) await tx.query(insertStatement, [JSON.stringify(plan.rows.map(insertedRow))]);
      return plan.rows.length;
    });
    if (applied !== undefined) options.metrics.increment('thermostream_reading_versions_mirrored_total', {}, applied);
    return [];
  };
}

const insertedRow = ({ version, validTo }: MirrorRow) => ({ ...version, valid_to: validTo });
