import type { Queryable, Transaction } from '@thermostream/postgres';
import { copyRows, versionColumns } from './copy-rows.ts';
import type { CurrentVersion, VersionPlan, VersionRow } from './plan-versions.ts';

/**
 * The current versions of the given ids, their rows locked until the transaction ends. Versions of one
 * id can travel on different readings.regional partitions (a correction of region or hour), so two
 * transactions (one instance's partitions at once, or two instances') may handle one id at once: the
 * row lock (taken in id order, so two batches cannot deadlock) makes the second wait, after which it
 * sees no current row for that id; it then plans a version as current that cannot be inserted (its
 * version row exists, or another current one does). The insert fails, and the batch is retried
 * against the new state. PostgreSQL keeps row locks in the rows, so a batch of any size takes no room
 * in its shared lock table.
 */
export async function loadCurrentVersions(tx: Queryable, readingIds: readonly string[]): Promise<Map<string, CurrentVersion>> {
  const { rows } = await tx.query<{
    reading_id: string;
    version: string;
    region_code: string | null;
    hour: number;
    event_time: number;
    temperature: string;
    lat: number;
    lon: number;
  }>(
    `SELECT reading_id, version, region_code, ${epochMillis('hour')} AS hour, ${epochMillis('event_time')} AS event_time, temperature::text, lat, lon
     FROM reading_versions WHERE reading_id = ANY (ARRAY(SELECT json_array_elements_text($1::json))) AND is_current ORDER BY reading_id FOR UPDATE`,
    // An id given twice still matches its row once: not worth a set of every id of the batch.
    [JSON.stringify(readingIds)],
  );
  const current = new Map<string, CurrentVersion>();
  for (const row of rows) {
    current.set(row.reading_id, {
      readingId: row.reading_id,
      version: Number(row.version),
      regionCode: row.region_code,
      hour: row.hour,
      eventTime: row.event_time,
      temperature: Number(row.temperature),
      lat: row.lat,
      lon: row.lon,
    });
  }
  return current;
}

/** Timestamps cross the wire as epoch milliseconds, exactly: no date text to format or parse per row. */
const epochMillis = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;
const fromEpochMillis = (value: string) => `(timestamptz 'epoch' + ${value} * interval '1 millisecond')`;

/**
 * Closes superseded rows and inserts the new ones, then settles the valid_to of the ids that gained a
 * version beside an existing one (a statement that must see the rows written before it).
 */
export async function writeVersionPlan(tx: Transaction, plan: VersionPlan): Promise<number> {
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
       FROM reading_versions WHERE reading_id = ANY (ARRAY(SELECT json_array_elements_text($1::json)))
     ) AS settled
     WHERE row.reading_id = settled.reading_id AND row.version = settled.version
       AND NOT row.is_current AND row.valid_to IS DISTINCT FROM settled.valid_to`,
    [JSON.stringify(readingIds)],
  );
}

/** Thrown like PostgreSQL's unique violation, so that retryIdConflicts applies the batch again. */
class VersionTakenError extends Error {
  readonly code = '23505';
}

const closeRowsStatement = `
UPDATE reading_versions AS row SET valid_to = ${fromEpochMillis('closing.valid_to')}, is_current = false
FROM json_to_recordset($1::json) AS closing(reading_id text, version bigint, valid_to bigint)
WHERE row.reading_id = closing.reading_id AND row.version = closing.version`;

const copyRowsStatement = `COPY reading_versions (${versionColumns}) FROM STDIN (FORMAT binary)`;

/**
 * A closed row may legitimately be stored already (the same late version seen twice) and is skipped. A
 * current row never is: if its version exists, another transaction changed the id under this plan, and
 * the batch must be applied again rather than its deltas go out; if another current row exists, the
 * index refuses the insert with the same effect.
 */
const insertRowsStatement = `
WITH inserted AS (
  INSERT INTO reading_versions (${versionColumns})
  SELECT reading_id, version, region_code, ${fromEpochMillis('hour')}, ${fromEpochMillis('event_time')}, temperature, lat, lon,
         ${fromEpochMillis('valid_from')}, ${fromEpochMillis('valid_to')}, valid_to IS NULL, raw_partition, raw_offset
  FROM json_to_recordset($1::json) AS new(reading_id text, version bigint, region_code text, hour bigint, event_time bigint, temperature numeric,
                                          lat float8, lon float8, valid_from bigint, valid_to bigint, raw_partition integer, raw_offset bigint)
  ON CONFLICT (reading_id, version) DO NOTHING
  RETURNING is_current
)
SELECT count(*)::integer AS inserted, (count(*) FILTER (WHERE is_current))::integer AS inserted_current FROM inserted`;

/**
 * Closes the superseded rows first, so that a new current row never meets the one it supersedes in the
 * one-current-row index. The new rows then go in by COPY, several times faster than an INSERT of the
 * same rows: it succeeds whenever none of them is stored yet, which is nearly always. When one is (a late
 * version seen twice, or another transaction's race), the COPY is undone to its savepoint and the rows are
 * inserted again one by one, skipping what is stored.
 */
async function writeRows(tx: Transaction, plan: VersionPlan): Promise<number> {
  if (plan.closes.length > 0) {
    await tx.query(closeRowsStatement, [
      JSON.stringify(plan.closes.map((close) => ({ reading_id: close.readingId, version: close.version, valid_to: close.validTo }))),
    ]);
  }
  if (plan.inserts.length === 0) return 0;
  await tx.query('SAVEPOINT copy_versions');
  try {
    const copied = await tx.copyFrom(copyRowsStatement, copyRows(plan.inserts));
    await tx.query('RELEASE SAVEPOINT copy_versions');
    return copied;
  } catch (error) {
    if ((error as { code?: string }).code !== uniqueViolation) throw error;
    await tx.query('ROLLBACK TO SAVEPOINT copy_versions');
  }
  const { rows: counts } = await tx.query<{ inserted: number; inserted_current: number }>(insertRowsStatement, [JSON.stringify(plan.inserts.map(insertedRow))]);
  const planned = plan.inserts.filter((row) => row.validTo === null).length;
  if (counts[0]!.inserted_current !== planned) throw new VersionTakenError('another transaction stored a version planned here as current');
  return counts[0]!.inserted;
}

const uniqueViolation = '23505';

const insertedRow = (row: VersionRow) => ({
  reading_id: row.readingId,
  version: row.version,
  region_code: row.regionCode,
  hour: row.hour,
  event_time: row.eventTime,
  temperature: row.temperature,
  lat: row.lat,
  lon: row.lon,
  valid_from: row.validFrom,
  valid_to: row.validTo,
  raw_partition: row.rawPartition,
  raw_offset: row.rawOffset,
});
