import type { IngestMetadata, RawReading, RejectedRecord } from '@thermostream/avro';
import { rejectedRecord, toRawReading, validateReading, type RejectCode } from '@thermostream/readings';
import type { ParsedRecord } from './parse-body.ts';

export interface RecordError {
  index: number;
  id: string | null;
  field: string | null;
  code: RejectCode;
  message: string;
}

export interface Sorted {
  accepted: RawReading[];
  rejected: RejectedRecord[];
  errors: RecordError[];
}

/** Splits a request's records into readings to publish and rejects, stamping both with the request. */
export function acceptReadings(records: readonly ParsedRecord[], ingest: IngestMetadata): Sorted {
  const sorted: Sorted = { accepted: [], rejected: [], errors: [] };
  records.forEach((record, index) => {
    const validation = record.ok
      ? validateReading(record.value)
      : { ok: false as const, problems: [{ field: null, code: 'RECORD_UNPARSEABLE' as const, message: record.message }] };
    if (validation.ok) {
      sorted.accepted.push(toRawReading(validation.reading, ingest));
      return;
    }
    const id = record.ok ? idOf(record.value) : null;
    for (const problem of validation.problems) sorted.errors.push({ index, id, ...problem });
    sorted.rejected.push(
      rejectedRecord(
        {
          service: 'http-ingest',
          readingId: id,
          // A line that is not JSON is kept as it came, so that nothing of it is lost.
          payload: record.ok ? JSON.stringify(record.value) ?? 'null' : record.line,
          partner: ingest.partner,
          requestId: ingest.request_id,
          recordIndex: index,
          rejectedAt: ingest.received_at,
        },
        validation.problems,
      ),
    );
  });
  return sorted;
}

function idOf(value: unknown): string | null {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id !== '' ? id : null;
}
