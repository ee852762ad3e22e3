import { rejectedRecord } from './rejected-record.ts';

describe('rejectedRecord', () => {
  it('takes its reason from the first problem, its message from all of them, and names the Kafka record it was', () => {
    const record = rejectedRecord(
      { service: 'filter', readingId: 'r-1', payload: '{"id":"r-1"}', source: { topic: 'readings.raw', partition: 2, offset: 41 }, partner: 'acme', rejectedAt: 7 },
      [
        { code: 'LAT_OUT_OF_RANGE', field: 'lat', message: 'lat must be between -90 and 90' },
        { code: 'LON_OUT_OF_RANGE', field: 'lon', message: 'lon must be between -180 and 180' },
      ],
    );
    expect(record).toEqual({
      service: 'filter',
      reason_code: 'LAT_OUT_OF_RANGE',
      field: 'lat',
      message: 'lat must be between -90 and 90; lon must be between -180 and 180',
      reading_id: 'r-1',
      payload: '{"id":"r-1"}',
      source_topic: 'readings.raw',
      source_partition: 2,
      source_offset: 41,
      partner: 'acme',
      request_id: null,
      record_index: null,
      rejected_at: 7,
    });
  });

  it('leaves the Kafka fields null for a record that was never on Kafka', () => {
    const record = rejectedRecord({ service: 'http-ingest', readingId: null, payload: 'not json', requestId: 'req-1', recordIndex: 3, rejectedAt: 9 }, [
      { code: 'RECORD_UNPARSEABLE', field: null, message: 'line 4 is not JSON' },
    ]);
    expect(record).toMatchObject({ source_topic: null, source_partition: null, source_offset: null, request_id: 'req-1', record_index: 3 });
  });
});
