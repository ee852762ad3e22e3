import type { CleanReading, ReadingDelta, RegionalReading } from '@thermostream/avro';

/** The current version of a reading as reading_versions holds it. */
export interface CurrentVersion {
  readingId: string;
  version: number;
  /** Null when the version is in no region (abroad, at sea): it is history, not part of any aggregate. */
  regionCode: string | null;
  hour: number;
  eventTime: number;
  temperature: number;
  lat: number;
  lon: number;
}

/** A row to insert into reading_versions. */
export interface VersionRow extends CurrentVersion {
  validFrom: number;
  /** Null while current; a late older version is stored already closed, until the store settles it (writeVersionPlan). */
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
 * - a new id is stored as current and adds its temperature (if it is in a region);
 * - a newer version closes the current one, is stored as current, retracts the old contribution and
 *   adds the new one (even in another region or hour, or in none: a correction that leaves France);
 * - the same version again changes nothing;
 * - an older version arriving late is kept in history, closed, and changes no aggregate.
 * Versions compare by `versionOf`; a reading without `version` that repeats the current measurement
 * is a retried request and changes nothing. Several versions of one id in a batch are ordered too:
 * each is compared with the one this plan made current before it, else with `current` (as stored).
 */
export function planVersions(readings: readonly RegionalReading[], current: ReadonlyMap<string, CurrentVersion>): VersionPlan {
  const plan: VersionPlan = { inserts: [], closes: [], deltas: [] };
  // Rows this plan inserts as current: a later version in the same batch closes them before they are
  // written. One map for the batch: the stored versions' map is only read, not grown by every new id.
  const insertedCurrent = new Map<string, VersionRow>();
  for (const incoming of readings) {
    const { reading } = incoming;
    const pending = insertedCurrent.get(reading.id);
    const previous: CurrentVersion | undefined = pending ?? current.get(reading.id);
    const version = versionOf(reading);
    if (reading.version === null && previous !== undefined && version > previous.version && sameMeasurement(previous, incoming)) continue;
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
      if (pending !== undefined) pending.validTo = row.validFrom;
      else plan.closes.push({ readingId: previous.readingId, version: previous.version, validTo: row.validFrom });
      if (previous.regionCode !== null) plan.deltas.push(deltaOf(previous, previous.regionCode, 'RETRACT'));
    }
    plan.inserts.push(row);
    if (row.regionCode !== null) plan.deltas.push(deltaOf(row, row.regionCode, 'ADD'));
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

/**
 * The rank of a version among the versions of its id: the partner's `version` when given, otherwise
 * its arrival at ingest, the readings.raw offset + 1 (readings.raw is keyed by reading id, so every
 * version of an id is in one partition, in the order the broker acknowledged them). The number does
 * not depend on the order in which the scd-writer happens to see versions on different partitions.
 */
export function versionOf(reading: Pick<CleanReading, 'version' | 'raw_offset'>): number {
  return reading.version ?? reading.raw_offset + 1;
}

function deltaOf(version: CurrentVersion, regionCode: string, kind: ReadingDelta['kind']): ReadingDelta {
  return {
    reading_id: version.readingId,
    version: version.version,
    region_code: regionCode,
    hour: version.hour,
    kind,
    temperature: version.temperature,
    point_count: 1,
    temperature_sum: null,
  };
}
