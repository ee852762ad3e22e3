import type { CleanReading, ReadingDelta, RegionalReading } from '@thermostream/avro';

/** The current version of a reading: what the local store and its changelog keep for each id. */
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
  /** When it arrived at ingest: the start of its validity. */
  validFrom: number;
}

/** A version kept in the history: every one accepted, current or not. */
export interface AcceptedVersion extends CurrentVersion {
  /** Older than the current version when it arrived: history only, closed at once, never current. */
  late: boolean;
  rawPartition: number;
  rawOffset: number;
}

export interface VersionPlan {
  /** Every version the history keeps, in arrival order. */
  versions: AcceptedVersion[];
  /** The current version of each id that the batch changed, as it stands after the batch. */
  current: Map<string, CurrentVersion>;
  deltas: ReadingDelta[];
}

/**
 * Decides, reading after reading, what the SCD2 history and the aggregates must do:
 * - a new id is kept as current and adds its temperature (if it is in a region);
 * - a newer version becomes current (closing the one before it), retracts the old contribution and
 *   adds the new one (even in another region or hour, or in none: a correction that leaves France);
 * - the same version again changes nothing;
 * - an older version arriving late is kept in history, closed, and changes no aggregate.
 * Versions compare by `versionOf`; a reading without `version` that repeats the current measurement
 * is a retried request and changes nothing. Several versions of one id in a batch are ordered too:
 * each is compared with the one this plan made current before it, else with `stored`.
 */
export function planVersions(readings: readonly RegionalReading[], stored: ReadonlyMap<string, CurrentVersion>): VersionPlan {
  const plan: VersionPlan = { versions: [], current: new Map(), deltas: [] };
  for (const incoming of readings) {
    const { reading } = incoming;
    const previous: CurrentVersion | undefined = plan.current.get(reading.id) ?? stored.get(reading.id);
    const version = versionOf(reading);
    if (reading.version === null && previous !== undefined && version > previous.version && sameMeasurement(previous, incoming)) continue;
    if (previous !== undefined && version === previous.version) continue;
    const accepted: AcceptedVersion = {
      readingId: reading.id,
      version,
      regionCode: incoming.region_code,
      hour: incoming.hour,
      eventTime: reading.event_time,
      temperature: reading.temperature,
      lat: reading.lat,
      lon: reading.lon,
      validFrom: reading.ingested_at,
      late: previous !== undefined && version < previous.version,
      rawPartition: reading.raw_partition,
      rawOffset: reading.raw_offset,
    };
    plan.versions.push(accepted);
    if (accepted.late) continue;
    if (previous !== undefined && previous.regionCode !== null) plan.deltas.push(deltaOf(previous, previous.regionCode, 'RETRACT'));
    if (accepted.regionCode !== null) plan.deltas.push(deltaOf(accepted, accepted.regionCode, 'ADD'));
    plan.current.set(reading.id, accepted);
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
