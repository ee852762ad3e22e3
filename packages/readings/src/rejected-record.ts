import type { RejectedRecord } from '@thermostream/avro';

/** Where a refused record came from: the service that refused it and what it knows of the record. */
export interface RejectionOrigin {
  service: string;
  readingId: string | null;
  /** The record as it came (JSON text, or base64 of bytes that are not), so that nothing of it is lost. */
  payload: string;
  /** The Kafka record it was, when it was one. */
  source?: { topic: string; partition: number; offset: number };
  partner?: string | null;
  requestId?: string | null;
  /** Its place in an HTTP request's body. */
  recordIndex?: number | null;
  rejectedAt: number;
}

/**
 * The readings.rejected record of a refused record: its reason is the first problem's code and field,
 * its message every problem's, in order.
 */
export function rejectedRecord(origin: RejectionOrigin, problems: readonly { code: string; field: string | null; message: string }[]): RejectedRecord {
  const [first] = problems;
  if (first === undefined) throw new Error(`a record refused by ${origin.service} needs at least one problem`);
  return {
    service: origin.service,
    reason_code: first.code,
    field: first.field,
    message: problems.map((problem) => problem.message).join('; '),
    reading_id: origin.readingId,
    payload: origin.payload,
    source_topic: origin.source?.topic ?? null,
    source_partition: origin.source?.partition ?? null,
    source_offset: origin.source?.offset ?? null,
    partner: origin.partner ?? null,
    request_id: origin.requestId ?? null,
    record_index: origin.recordIndex ?? null,
    rejected_at: origin.rejectedAt,
  };
}
