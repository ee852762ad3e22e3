import type { CurrentVersion as ChangelogVersion } from '@thermostream/avro';
import { framedRecords, topics, type OutboundRecord } from '@thermostream/kafka';
import { regionHourKey } from '@thermostream/regions';
import type { CurrentVersion, VersionPlan } from './plan-versions.ts';

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
    plan.deltas,
    (delta) => regionHourKey(delta.region_code, delta.hour),
    (deltas) => ({ source_partition: batch.partition, sequence: firstSequence + frame++, deltas }),
    { maxItemsPerRecord: batch.maxReadingsPerRecord, keys: 'repeated' },
  );
  const versions = framedRecords(topics.versions, plan.versions, (version) => version.reading_id, (accepted) => ({ versions: accepted }), {
    maxItemsPerRecord: batch.maxReadingsPerRecord,
  });
  const outputs = changes.concat(versions);
  // The accepted version is the changelog's value as it is (the encoder reads only the schema's
  // fields), and each record is made in its final shape: one record per reading id, so copies count.
  plan.current.forEach((current, id) => {
    outputs.push({ topic: topics.currentVersions, key: id, value: current, partition: batch.partition });
  });
  return outputs;
}

/** A changelog record back into the store's shape. */
export function currentVersionOf(readingId: string, value: ChangelogVersion): CurrentVersion {
  return {
    reading_id: readingId,
    version: value.version,
    region_code: value.region_code,
    hour: value.hour,
    event_time: value.event_time,
    temperature: value.temperature,
    lat: value.lat,
    lon: value.lon,
    valid_from: value.valid_from,
  };
}
