import type { Queryable } from '@thermostream/postgres';
import type { CurrentVersion, VersionPlan, VersionRow } from './plan-versions.ts';

/**
 * The current versions of the given ids, their rows locked until the transaction ends. Versions of one
 * id can travel on different readings.regional partitions (a correction of region or hour), so two
 * instances may handle one id at once: the row lock (taken in id order, so two batches cannot
 * deadlock) makes the second wait, after which it sees no current row for that id; it then plans a
 * version as current that cannot be inserted (its version row exists, or another current one does).
 * The insert fails, and the batch is retried against the new state. PostgreSQL keeps row locks in
 * the rows, so a batch of any size takes no room in its shared lock table.
 */
export async function loadCurrentVersions(tx: Queryable, readingIds: readonly string[]): Promise<Map<string, CurrentVersion>> {
  const ids = [...new Set(readingIds)];
  const { rows } = await tx.query<{
    reading_id: string;
    version: string;
    region_code: string | null;
    hour: Date;
    event_time: Date;
    temperature: string;
    lat: number;
    lon: number;
  }>(
    `SELECT reading_id, version, region_code, hour, event_time, temperature::text, lat, lon
     FROM reading_versions WHERE reading_id = ANY($1::text[]) AND is_current ORDER BY reading_id FOR UPDATE`,
    [ids],
  );
  return new Map(
    rows.map((row) => [
      row.reading_id,
      {
        readingId: row.reading_id,
        version: Number(row.version),
        regionCode: row.region_code,
        hour: row.hour.getTime(),
        eventTime: row.event_time.getTime(),
        temperature: Number(row.temperature),
        lat: row.lat,
        lon: row.lon,
      },
    ]),
  );
}

/**
 * Closes superseded rows, inserts the new ones (each as one statement over arrays), then settles the
 * valid_to of the ids that gained a version beside an existing one.
 */
export async function writeVersionPlan(tx: Queryable, plan: VersionPlan): Promise<number> {
  const inserted = await writeRows(tx, plan);
  const historyChanged = new Set([...plan.closes.map((close) => close.readingId), ...plan.inserts.filter((row) => row.validTo !== null).map((row) => row.readingId)]);
  if (historyChanged.size > 0) await settleValidTo(tx, [...historyChanged]);
  return inserted;
}

/**
 * A superseded version is valid from its own ingest until the first ingest of any higher version (or
 * not at all, if one was ingested before it). Computed over every stored version of the id, so the
 * history does not depend on the order in which versions were processed: versions of one id travel
 * on different readings.regional partitions when a correction changes region or hour, and batches
 * are cut differently by every run (a replay into a second model must end with the same history).
 * Only closed rows change, so the one-current-row index is never in the way.
 */
async function settleValidTo(tx: Queryable, readingIds: readonly string[]): Promise<void> {
  await tx.query(
    `UPDATE reading_versions AS row SET valid_to = settled.valid_to
     FROM (
       SELECT reading_id, version,
              GREATEST(valid_from, min(valid_from) OVER (PARTITION BY reading_id ORDER BY version DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) AS valid_to
       FROM reading_versions WHERE reading_id = ANY($1::text[])
     ) AS settled
     WHERE row.reading_id = settled.reading_id AND row.version = settled.version
       AND NOT row.is_current AND row.valid_to IS DISTINCT FROM settled.valid_to`,
    [readingIds],
  );
}

async function writeRows(tx: Queryable, plan: VersionPlan): Promise<number> {
  if (plan.closes.length > 0) {
    await tx.query(
      `UPDATE reading_versions AS row SET valid_to = closing.valid_to, is_current = false
       FROM unnest($1::text[], $2::bigint[], $3::timestamptz[]) AS closing(reading_id, version, valid_to)
       WHERE row.reading_id = closing.reading_id AND row.version = closing.version`,
      [plan.closes.map((close) => close.readingId), plan.closes.map((close) => close.version), plan.closes.map((close) => new Date(close.validTo))],
    );
  }
  // A closed row may legitimately be stored already (the same late version seen twice). A current row
  // never is: if its version exists, another instance changed the id under this plan, and the insert
  // must fail (unique violation, retried) rather than be skipped while its deltas go out.
  const closed = plan.inserts.filter((row) => row.validTo !== null);
  const current = plan.inserts.filter((row) => row.validTo === null);
  return (await insertRows(tx, closed, 'ON CONFLICT (reading_id, version) DO NOTHING')) + (await insertRows(tx, current, ''));
}

async function insertRows(tx: Queryable, rows: readonly VersionRow[], onConflict: string): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await tx.query(
    `INSERT INTO reading_versions
       (reading_id, version, region_code, hour, event_time, temperature, lat, lon, valid_from, valid_to, is_current, raw_partition, raw_offset)
     SELECT reading_id, version, region_code, hour, event_time, temperature, lat, lon, valid_from, valid_to, valid_to IS NULL, raw_partition, raw_offset
     FROM unnest($1::text[], $2::bigint[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::numeric[], $7::float8[], $8::float8[],
                 $9::timestamptz[], $10::timestamptz[], $11::integer[], $12::bigint[])
       AS new(reading_id, version, region_code, hour, event_time, temperature, lat, lon, valid_from, valid_to, raw_partition, raw_offset)
     ${onConflict}`,
    [
      rows.map((row) => row.readingId),
      rows.map((row) => row.version),
      rows.map((row) => row.regionCode),
      rows.map((row) => new Date(row.hour)),
      rows.map((row) => new Date(row.eventTime)),
      rows.map((row) => String(row.temperature)),
      rows.map((row) => row.lat),
      rows.map((row) => row.lon),
      rows.map((row) => new Date(row.validFrom)),
      rows.map((row) => (row.validTo === null ? null : new Date(row.validTo))),
      rows.map((row) => row.rawPartition),
      rows.map((row) => row.rawOffset),
    ],
  );
  return result.rowCount;
}
