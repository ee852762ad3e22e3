import type { RawReading } from '@thermostream/avro';

/** A valid reading in Paris, as a direct publisher would put it on readings.raw (no ingest metadata). */
export const parisReading = (id: string): RawReading => ({
  id,
  timestamp: '2026-11-24 10:00:00',
  lat: 48.85,
  lon: 2.35,
  temperature: 10,
  country: 'France',
  version: null,
  ingest: null,
});
