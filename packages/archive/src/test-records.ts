import type { ArchivedReading } from '@thermostream/avro';

/** An archived record for the package's tests: `receivedAt` null is a direct publisher's record (no ingest metadata). */
export const archivedRecord = (offset: number, receivedAt: number | null, timestamp: number): ArchivedReading => ({
  offset,
  timestamp,
  key: `r-${offset}`,
  reading: {
    id: `r-${offset}`,
    timestamp: '2026-11-24 10:15:00',
    lat: 48.85,
    lon: 2.35,
    temperature: 12.5,
    country: 'France',
    version: null,
    ingest: receivedAt === null ? null : { received_at: receivedAt, partner: 'acme', request_id: 'req' },
  },
});
