/**
 * TypeScript shapes of the Avro records in ../schemas. The .avsc files are the definition;
 * records.test.ts checks a sample of each shape against its schema so the two cannot drift.
 * Timestamps are epoch milliseconds (timestamp-millis).
 */

export interface IngestMetadata {
  received_at: number;
  partner: string;
  request_id: string;
}

export interface RawReading {
  id: string;
  timestamp: string;
  lat: number | null;
  lon: number | null;
  temperature: number | null;
  country: string | null;
  version: number | null;
  ingest: IngestMetadata | null;
}

export interface CleanReading {
  id: string;
  event_time: number;
  lat: number;
  lon: number;
  temperature: number;
  country: string | null;
  version: number | null;
  ingested_at: number;
  raw_partition: number;
  raw_offset: number;
}

export interface CleanReadingBatch {
  readings: CleanReading[];
}

export interface RegionalReading {
  reading: CleanReading;
  /** Null when the reading is in no region: abroad or at sea. */
  region_code: string | null;
  hour: number;
}

export interface RegionalReadingBatch {
  readings: RegionalReading[];
}

export type DeltaKind = 'ADD' | 'RETRACT';

/** See ReadingDeltaBatch.avsc: a net delta (point_count readings) or, written by version 1, one reading's. */
export interface ReadingDelta {
  reading_id: string;
  version: number | null;
  region_code: string;
  hour: number;
  kind: DeltaKind;
  temperature: number;
  point_count: number;
  temperature_sum: string | null;
}

export interface ReadingDeltaBatch {
  source_partition: number;
  sequence: number;
  deltas: ReadingDelta[];
}

export interface RejectedRecord {
  service: string;
  reason_code: string;
  field: string | null;
  message: string;
  reading_id: string | null;
  payload: string;
  source_topic: string | null;
  source_partition: number | null;
  source_offset: number | null;
  partner: string | null;
  request_id: string | null;
  record_index: number | null;
  rejected_at: number;
}

/** The current version of one reading, keyed by its id on the scd-writer's changelog (see CurrentVersion.avsc). */
export interface CurrentVersion {
  version: number;
  /** Null when the version is in no region: abroad or at sea. */
  region_code: string | null;
  hour: number;
  event_time: number;
  temperature: number;
  lat: number;
  lon: number;
  valid_from: number;
}

/** A version the scd-writer accepted, as the lake keeps it (see ReadingVersionBatch.avsc): a version with its id and origin. */
export interface ReadingVersion extends CurrentVersion {
  reading_id: string;
  /** An older version that arrived after a newer one: history only, never current. */
  late: boolean;
  raw_partition: number;
  raw_offset: number;
}

export interface ReadingVersionBatch {
  versions: ReadingVersion[];
}

/** A readings.raw record as an archive file keeps it. */
export interface ArchivedReading {
  offset: number;
  timestamp: number;
  key: string | null;
  reading: RawReading;
}

/** Maps each schema file name to the record type it defines. */
export interface SchemaRecords {
  RawReading: RawReading;
  ArchivedReading: ArchivedReading;
  CleanReadingBatch: CleanReadingBatch;
  RegionalReadingBatch: RegionalReadingBatch;
  ReadingDeltaBatch: ReadingDeltaBatch;
  RejectedRecord: RejectedRecord;
  ReadingVersionBatch: ReadingVersionBatch;
  CurrentVersion: CurrentVersion;
}

export type SchemaName = keyof SchemaRecords;
