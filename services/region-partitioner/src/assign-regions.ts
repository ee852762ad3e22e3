import type { CleanReading, RegionalReading } from '@thermostream/avro';
import { hourBucket, type RegionAssigner } from '@thermostream/regions';

export interface PartitionedBatch {
  regional: RegionalReading[];
  /** Readings in no region (abroad, at sea): counted, and forwarded with a null region for their history. */
  unassigned: number;
  /** Readings given a region, by region code. */
  assignedByRegion: Map<string, number>;
}

/** Gives each reading its region and its UTC hour of measurement. */
export function assignRegions(readings: readonly CleanReading[], assign: RegionAssigner): PartitionedBatch {
  const batch: PartitionedBatch = { regional: [], unassigned: 0, assignedByRegion: new Map() };
  for (const reading of readings) {
    const regionCode = assign(reading.lat, reading.lon);
    if (regionCode === null) batch.unassigned += 1;
    else batch.assignedByRegion.set(regionCode, (batch.assignedByRegion.get(regionCode) ?? 0) + 1);
    batch.regional.push({ reading, region_code: regionCode, hour: hourBucket(reading.event_time) });
  }
  return batch;
}
