import type { CurrentVersion as ChangelogVersion, CleanReading, ReadingDelta, ReadingVersion, RegionalReading } from '@thermostream/avro';
import { NetDeltas } from './net-deltas.ts';

/**
 * The current version of a reading: what the local store and its changelog keep for each id, under
 * the changelog value's own field names (null `region_code`: abroad or at sea, history only, in no
 * aggregate; `valid_from`: its arrival at ingest).
 */
export interface CurrentVersion extends ChangelogVersion {
  reading_id: string;
}

/**
 * A version kept in the history, current or not: exactly the lake's value (`late`: older than the
 * current version when it arrived, closed at once, never current). The same object is the changelog's
 * value when it becomes current, so a version is made once and encoded twice, never copied.
 */
export type AcceptedVersion = ReadingVersion;

export interface VersionPlan {
  /** Every version the history keeps, in arrival order. */
  versions: AcceptedVersion[];
  /** The current version of each id that the batch changed, as it stands after the batch. */
  current: Map<string, CurrentVersion>;
  /** What the batch changes in the aggregates, netted: one delta per region, hour and kind. */
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
 * each is compared with the one this plan made current before it, else with the one `stored` (the
 * store's current version of each reading's id, in the readings' order).
 */
export function planVersions(readings: readonly RegionalReading[], stored: readonly (CurrentVersion | undefined)[]): VersionPlan {
  const versions: AcceptedVersion[] = [];
  const current = new Map<string, CurrentVersion>();
  const deltas = new NetDeltas();
  for (let index = 0; index < readings.length; index++) {
    const incoming = readings[index]!;
    const { reading } = incoming;
    const previous: CurrentVersion | undefined = current.get(reading.id) ?? stored[index];
    const version = versionOf(reading);
    if (reading.version === null && previous !== undefined && version > previous.version && sameMeasurement(previous, incoming)) continue;
    if (previous !== undefined && version === previous.version) continue;
    const accepted: AcceptedVersion = {
      reading_id: reading.id,
      version,
      region_code: incoming.region_code,
      hour: incoming.hour,
      event_time: reading.event_time,
      temperature: reading.temperature,
      lat: reading.lat,
      lon: reading.lon,
      valid_from: reading.ingested_at,
      late: previous !== undefined && version < previous.version,
      raw_partition: reading.raw_partition,
      raw_offset: reading.raw_offset,
    };
    versions.push(accepted);
    if (accepted.late) continue;
    if (previous !== undefined && previous.region_code !== null) deltas.add('RETRACT', previous.region_code, previous.hour, previous.temperature);
    if (accepted.region_code !== null) deltas.add('ADD', accepted.region_code, accepted.hour, accepted.temperature);
    current.set(reading.id, accepted);
  }
  return { versions, current, deltas: deltas.deltas() };
}

function sameMeasurement(previous: CurrentVersion, incoming: RegionalReading): boolean {
  const { reading } = incoming;
  return (
    previous.temperature === reading.temperature &&
    previous.event_time === reading.event_time &&
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
