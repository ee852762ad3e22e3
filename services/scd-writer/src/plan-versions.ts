import type { ReadingDelta, RegionalReading } from '@thermostream/avro';

/** The current version of a reading as reading_versions holds it. */
export interface CurrentVersion {
  readingId: string;
  version: number;
  regionCode: string;
  hour: number;
  eventTime: number;
  temperature: number;
  lat: number;
  lon: number;
}

/** A row to insert into reading_versions. */
export interface VersionRow extends CurrentVersion {
  validFrom: number;
  /** Null while current; a late older version is stored already closed (valid_to = valid_from). */
  validTo: number | null;
  rawPartition: number;
  rawOffset: number;
}

export interface VersionPlan {
  inserts: VersionRow[];
  /** Current rows that a newer version supersedes. */
  closes: { readingId: string; version: number; validTo: number }[];
  deltas: ReadingDelta[];
}

/**
 * Decides, reading after reading, what the SCD2 history and the aggregates must do:
 * - a new id is stored as current and adds its temperature;
 * - a newer version closes the current one, is stored as current, retracts the old contribution and
 *   adds the new one (even in another region or hour);
 * - the same version again changes nothing;
 * - an older version arriving late is kept in history, closed, and changes no aggregate.
 * A reading without `version` is ordered by arrival: identical to the current one it is a duplicate,
 * otherwise it becomes the next version.
 * `current` is updated as the batch goes, so several versions of one id in a batch are ordered too.
 */
export function planVersions(readings: readonly RegionalReading[], current: Map<string, CurrentVersion>): VersionPlan {
  const plan: VersionPlan = { inserts: [], closes: [], deltas: [] };
  // Rows this plan inserts as current: a later version in the same batch closes them before they are written.
  const insertedCurrent = new Map<string, VersionRow>();
  for (const incoming of readings) {
    const { reading } = incoming;
    const previous = current.get(reading.id);
    const version = reading.version ?? (previous === undefined ? 1 : sameMeasurement(previous, incoming) ? previous.version : previous.version + 1);
    const row: VersionRow = {
      readingId: reading.id,
      version,
      regionCode: incoming.region_code,
      hour: incoming.hour,
      eventTime: reading.event_time,
      temperature: reading.temperature,
      lat: reading.lat,
      lon: reading.lon,
      validFrom: reading.ingested_at,
      validTo: null,
      rawPartition: reading.raw_partition,
      rawOffset: reading.raw_offset,
    };
    if (previous !== undefined && version === previous.version) continue;
    if (previous !== undefined && version < previous.version) {
      plan.inserts.push({ ...row, validTo: row.validFrom });
      continue;
    }
    if (previous !== undefined) {
      const pending = insertedCurrent.get(reading.id);
      if (pending !== undefined) pending.validTo = row.validFrom;
      else plan.closes.push({ readingId: previous.readingId, version: previous.version, validTo: row.validFrom });
      plan.deltas.push(deltaOf(previous, 'RETRACT'));
    }
    plan.inserts.push(row);
    plan.deltas.push(deltaOf(row, 'ADD'));
    current.set(reading.id, row);
    insertedCurrent.set(reading.id, row);
  }
  return plan;
}

function sameMeasurement(previous: CurrentVersion, incoming: RegionalReading): boolean {
  const { reading } = incoming;
  return (
    previous.temperature === reading.temperature &&
    previous.eventTime === reading.event_time &&
    previous.lat === reading.lat &&
    previous.lon === reading.lon
  );
}

function deltaOf(version: CurrentVersion, kind: ReadingDelta['kind']): ReadingDelta {
  return {
    reading_id: version.readingId,
    version: version.version,
    region_code: version.regionCode,
    hour: version.hour,
    kind,
    temperature: version.temperature,
  };
}
