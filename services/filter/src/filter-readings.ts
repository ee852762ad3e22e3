import type { CleanReading, RawReading, RejectedRecord } from '@thermostream/avro';
import { isInFranceEnvelope, labelsFrance, rejectedRecord, validateReading } from '@thermostream/readings';

/** The parts of a consumed readings.raw record the filter needs. */
export interface RawRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  value: RawReading;
}

export interface FilteredBatch {
  clean: CleanReading[];
  rejects: RejectedRecord[];
  /**
   * Valid readings outside the France envelope: counted and forwarded all the same, because one of
   * them may be the correction that moves a reading out of France, whose old version must be retracted.
   */
  outsideFrance: number;
  /** Readings whose country label disagrees with their coordinates. */
  countryMismatch: number;
}

/**
 * Applies the shared reading rules to readings.raw (direct publishers skipped http-ingest),
 * normalises the measurement time to UTC, and counts the readings outside the France envelope
 * (the region-partitioner gives them no region; the scd-writer keeps their history).
 */
export function filterReadings(records: readonly RawRecord[], now: number): FilteredBatch {
  const batch: FilteredBatch = { clean: [], rejects: [], outsideFrance: 0, countryMismatch: 0 };
  for (const record of records) {
    const raw = record.value;
    // The same rules as http-ingest's: direct publishers skipped them. Fields beyond a reading's are ignored.
    const validation = validateReading(raw);
    if (!validation.ok) {
      batch.rejects.push(
        rejectedRecord(
          {
            service: 'filter',
            readingId: raw.id === '' ? null : raw.id,
            payload: JSON.stringify(raw),
            source: { topic: record.topic, partition: record.partition, offset: record.offset },
            partner: raw.ingest?.partner ?? null,
            requestId: raw.ingest?.request_id ?? null,
            rejectedAt: now,
          },
          validation.problems,
        ),
      );
      continue;
    }
    const reading = validation.reading;
    const inFrance = isInFranceEnvelope(reading.lat, reading.lon);
    if (reading.country !== null && labelsFrance(reading.country) !== inFrance) batch.countryMismatch += 1;
    if (!inFrance) batch.outsideFrance += 1;
    batch.clean.push({
      id: reading.id,
      event_time: reading.eventTime,
      lat: reading.lat,
      lon: reading.lon,
      temperature: reading.temperature,
      country: reading.country,
      version: reading.version,
      ingested_at: raw.ingest?.received_at ?? record.timestamp,
      raw_partition: record.partition,
      raw_offset: record.offset,
    });
  }
  return batch;
}
