import type { IngestMetadata, RawReading } from '@thermostream/avro';
import type { ValidReading } from './validate.ts';

/** The readings.raw record of a reading: accepted over HTTP, or sent again without ingest metadata as a direct publisher's was. */
export function toRawReading(reading: ValidReading, ingest: IngestMetadata | null): RawReading {
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
