import type { IngestMetadata, RawReading } from '@thermostream/avro';
import type { ValidReading } from './validate.ts';

/** The readings.raw record of a reading accepted over HTTP. */
export function toRawReading(reading: ValidReading, ingest: IngestMetadata): RawReading {
  return {
    id: reading.id,
    timestamp: reading.timestamp,
    lat: reading.lat,
    lon: reading.lon,
    temperature: reading.temperature,
    country: reading.country,
    version: reading.version,
    ingest,
  };
}
