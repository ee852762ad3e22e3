import type { CurrentVersion as ChangelogVersion, ReadingVersion } from '@thermostream/avro';
import { framedRecords, outbound, topics, type OutboundRecord } from '@thermostream/kafka';
import { regionHourKey } from '@thermostream/regions';
import { netDeltas } from './net-deltas.ts';
import type { AcceptedVersion, CurrentVersion, VersionPlan } from './plan-versions.ts';

/**
 * readings.changes sequences of one batch start at its last input offset times this: above every
 * sequence of the partition's earlier batches, with room for the batch's frames.
 */
const sequencesPerOffset = 2 ** 20;

/**
 * What one batch of a readings.regional partition writes, all in the transaction that commits its
 * offset: the net deltas (readings.changes, by region and hour, numbered so the aggregator recognises
 * a record seen twice), every accepted version (readings.versions, for the lake), and the new current
 * version of each id it changed (the changelog, on the partition of the input, whose owner reads it back).
 */
export function versionOutputs(plan: VersionPlan, batch: { partition: number; lastOffset: number; maxReadingsPerRecord: number }): OutboundRecord[] {
  let frame = 0;
  const firstSequence = batch.lastOffset * sequencesPerOffset;
  const changes = framedRecords(
    topics.changes,
    netDeltas(plan.deltas),
    (delta) => regionHourKey(delta.region_code, delta.hour),
    (deltas) => ({ source_partition: batch.partition, sequence: firstSequence + frame++, deltas }),
    { maxItemsPerRecord: batch.maxReadingsPerRecord, keys: 'repeated' },
  );
  const versions = framedRecords(topics.versions, plan.versions, (version) => version.readingId, (accepted) => ({ versions: accepted.map(readingVersion) }), {
    maxItemsPerRecord: batch.maxReadingsPerRecord,
  });
  const changelog: OutboundRecord[] = [];
  for (const [id, current] of plan.current) changelog.push({ ...outbound(topics.currentVersions, id, changelogValue(current)), partition: batch.partition });
  return [...changes, ...versions, ...changelog];
}

function readingVersion(version: AcceptedVersion): ReadingVersion {
  return { ...changelogValue(version), reading_id: version.readingId, late: version.late, raw_partition: version.rawPartition, raw_offset: version.rawOffset };
}

export function changelogValue(version: CurrentVersion): ChangelogVersion {
  return {
    version: version.version,
    region_code: version.regionCode,
    hour: version.hour,
    event_time: version.eventTime,
    temperature: version.temperature,
    lat: version.lat,
    lon: version.lon,
    valid_from: version.validFrom,
  };
}

/** A changelog record back into the store's shape. */
export function currentVersionOf(readingId: string, value: ChangelogVersion): CurrentVersion {
  return {
    readingId,
    version: value.version,
    regionCode: value.region_code,
    hour: value.hour,
    eventTime: value.event_time,
    temperature: value.temperature,
    lat: value.lat,
    lon: value.lon,
    validFrom: value.valid_from,
  };
}
