import type { RejectedRecord } from '@thermostream/avro';
import type { InboundRecord } from '@thermostream/kafka';
import { checkResend, resendEntriesOfFile, resendEntryOf, selectRejected, viewOf } from './rejected-records.ts';

const reading = { id: 'r-1', timestamp: '2026-11-24 10:00:00', lat: 48.85, lon: 2.35, temperature: 12.5, country: 'France' };

function rejected(partition: number, offset: number, fields: Partial<RejectedRecord>): InboundRecord<RejectedRecord> {
  return {
    topic: 'readings.rejected',
    partition,
    offset,
    key: fields.reading_id ?? null,
    timestamp: fields.rejected_at ?? 0,
    value: {
      service: 'http-ingest',
      reason_code: 'TEMPERATURE_OUT_OF_RANGE',
      field: 'temperature',
      message: 'temperature must be between -90 and 70, got 120',
      reading_id: 'r-1',
      payload: JSON.stringify({ ...reading, temperature: 120 }),
      source_topic: null,
      source_partition: null,
      source_offset: null,
      partner: 'acme',
      request_id: 'q-1',
      record_index: 0,
      rejected_at: 1_000,
      ...fields,
    },
  };
}

describe('selectRejected', () => {
  const records = [
    rejected(1, 0, { rejected_at: 3_000, reason_code: 'LAT_OUT_OF_RANGE' }),
    rejected(0, 5, { rejected_at: 2_000 }),
    rejected(2, 0, { rejected_at: 1_000, service: 'filter' }),
  ];

  it('keeps the records of a reason and a service, oldest first, up to the limit', () => {
    expect(selectRejected(records, {}).map((record) => record.value.rejected_at)).toEqual([1_000, 2_000, 3_000]);
    expect(selectRejected(records, { reason: 'TEMPERATURE_OUT_OF_RANGE' }).map((record) => record.value.rejected_at)).toEqual([1_000, 2_000]);
    expect(selectRejected(records, { service: 'http-ingest', limit: 1 }).map((record) => record.value.rejected_at)).toEqual([2_000]);
  });
});

describe('viewOf', () => {
  it('parses a JSON payload so it can be edited, and keeps one that is not JSON as its text', () => {
    expect(viewOf(rejected(0, 7, {})).payload).toEqual({ ...reading, temperature: 120 });
    expect(viewOf(rejected(0, 7, { payload: '{"id": "r-1", "lat": 4' })).payload).toBe('{"id": "r-1", "lat": 4');
    expect(viewOf(rejected(0, 7, {}))).toMatchObject({ rejectedAt: '1970-01-01T00:00:01.000Z', rejection: { partition: 0, offset: 7 }, source: null });
  });
});

describe('checkResend', () => {
  it('lets a fixed payload through with the partner it came from', () => {
    const view = viewOf(rejected(0, 0, { payload: JSON.stringify(reading) }));
    expect(checkResend(resendEntryOf(view))).toMatchObject({ ok: true, partner: 'acme', reading: { id: 'r-1', temperature: 12.5 } });
  });

  it('refuses a payload that still breaks a rule, naming the reading and the problem', () => {
    expect(checkResend(resendEntryOf(viewOf(rejected(0, 0, {}))))).toEqual({
      ok: false,
      readingId: 'r-1',
      problems: [{ field: 'temperature', code: 'TEMPERATURE_OUT_OF_RANGE', message: 'temperature must be between -90 and 70, got 120' }],
    });
  });
});

describe('resendEntriesOfFile', () => {
  it('reads edited --json output: each payload with its partner', () => {
    const file = JSON.stringify([{ ...viewOf(rejected(0, 0, {})), payload: reading }]);
    expect(resendEntriesOfFile(file, 'fixed.json')).toEqual([{ payload: reading, partner: 'acme' }]);
  });

  it('reads bare readings, as an array or one a line, as a direct publisher would send them', () => {
    expect(resendEntriesOfFile(JSON.stringify([reading]), 'fixed.json')).toEqual([{ payload: reading, partner: null }]);
    expect(resendEntriesOfFile(`${JSON.stringify(reading)}\n\n${JSON.stringify({ ...reading, id: 'r-2' })}\n`, 'fixed.ndjson')).toEqual([
      { payload: reading, partner: null },
      { payload: { ...reading, id: 'r-2' }, partner: null },
    ]);
  });

  it('names the line that is not JSON', () => {
    expect(() => resendEntriesOfFile(`${JSON.stringify(reading)}\n{"id": `, 'fixed.ndjson')).toThrow(/^fixed\.ndjson line 2: neither the file nor this line is JSON/);
  });
});
