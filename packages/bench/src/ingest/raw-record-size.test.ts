import { schemaType } from '@thermostream/avro';
import { toRawReading, validateReading } from '@thermostream/readings';
import { rawRecordSize } from './raw-record-size.ts';

const ingest = { received_at: Date.UTC(2026, 10, 24), partner: 'bench', request_id: '0b5c8f0e-3d5e-4a43-9a57-6a4f3c2d1e0f' };
const readings = [
  { id: 'a-1', timestamp: '2026-11-24 10:15:00', lat: 48.85, lon: 2.35, temperature: 12.5, country: 'France' },
  { id: 'reading-22', timestamp: '2026-11-24T10:15:00+01:00', lat: 45.76, lon: 4.83, temperature: -3.25, country: 'France', version: 2 },
];

describe('rawRecordSize', () => {
  it('is the mean of the Avro bodies http-ingest writes plus the 5-byte wire header, and of the ids as keys', async () => {
    const bodies = readings.map((reading) => {
      const validation = validateReading(reading);
      if (!validation.ok) throw new Error('the example readings are valid');
      return schemaType('RawReading').toBuffer(toRawReading(validation.reading, ingest)).length;
    });
    expect(await rawRecordSize(readings, ingest)).toEqual({ valueBytes: (bodies[0]! + bodies[1]!) / 2 + 5, keyBytes: (3 + 10) / 2 });
  });

  it('refuses a reading http-ingest would reject, since it would write no record for it', async () => {
    await expect(rawRecordSize([{ ...readings[0], lat: 123.4 }], ingest)).rejects.toThrow(/reading 0 would be rejected/);
  });
});
