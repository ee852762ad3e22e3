import type { RejectedRecord } from '@thermostream/avro';
import type { InboundRecord } from '@thermostream/kafka';
import { validateReading, type ReadingProblem, type ValidReading } from '@thermostream/readings';

/** Which rejected records an operator asked for. */
export interface RejectedSelection {
  reason?: string;
  service?: string;
  limit?: number;
}

/** A rejected record as `thermo rejected --json` shows it: the payload parsed when it is JSON, so it can be edited and sent back. */
export interface RejectedView {
  rejectedAt: string;
  service: string;
  reasonCode: string;
  field: string | null;
  message: string;
  readingId: string | null;
  partner: string | null;
  requestId: string | null;
  recordIndex: number | null;
  source: { topic: string; partition: number | null; offset: number | null } | null;
  /** Where the rejection itself is on readings.rejected. */
  rejection: { partition: number; offset: number };
  payload: unknown;
}

/** The records matching the selection, oldest rejection first, at most `limit` of them. */
export function selectRejected(records: readonly InboundRecord<RejectedRecord>[], selection: RejectedSelection): InboundRecord<RejectedRecord>[] {
  const chosen = records
    .filter(({ value }) => (selection.reason === undefined || value.reason_code === selection.reason) && (selection.service === undefined || value.service === selection.service))
    .sort((a, b) => a.value.rejected_at - b.value.rejected_at || a.partition - b.partition || a.offset - b.offset);
  return selection.limit === undefined ? chosen : chosen.slice(0, selection.limit);
}

export function viewOf({ value, partition, offset }: InboundRecord<RejectedRecord>): RejectedView {
  return {
    rejectedAt: new Date(value.rejected_at).toISOString(),
    service: value.service,
    reasonCode: value.reason_code,
    field: value.field,
    message: value.message,
    readingId: value.reading_id,
    partner: value.partner,
    requestId: value.request_id,
    recordIndex: value.record_index,
    source: value.source_topic === null ? null : { topic: value.source_topic, partition: value.source_partition, offset: value.source_offset },
    rejection: { partition, offset },
    payload: parsedPayload(value.payload),
  };
}

/** A payload that is not JSON (an NDJSON line that did not parse, base64 of undecodable bytes) stays the text it was. */
function parsedPayload(payload: string): unknown {
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return payload;
  }
}

/** A record to send again: the reading as the partner sent it, and the partner it came from (null for a direct publisher). */
export interface ResendEntry {
  payload: unknown;
  partner: string | null;
}

export const resendEntryOf = (view: Pick<RejectedView, 'payload' | 'partner'>): ResendEntry => ({ payload: view.payload, partner: view.partner });

/**
 * The entries of a file of fixed records: a JSON array (or one JSON value per line) of either records
 * as `thermo rejected --json` prints them, whose `payload` was edited, or of bare readings.
 */
export function resendEntriesOfFile(text: string, file: string): ResendEntry[] {
  let values: unknown[];
  try {
    const parsed = JSON.parse(text) as unknown;
    values = Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    values = text
      .split('\n')
      .map((line, index) => ({ line: line.trim(), number: index + 1 }))
      .filter(({ line }) => line !== '')
      .map(({ line, number }) => {
        try {
          return JSON.parse(line) as unknown;
        } catch (error) {
          throw new Error(`${file} line ${number}: neither the file nor this line is JSON (${(error as Error).message})`);
        }
      });
  }
  return values.map((value) => {
    if (typeof value === 'object' && value !== null && 'payload' in value) {
      const view = value as { payload: unknown; partner?: unknown };
      return { payload: view.payload, partner: typeof view.partner === 'string' ? view.partner : null };
    }
    return { payload: value, partner: null };
  });
}

export type ResendCheck = { ok: true; reading: ValidReading; partner: string | null } | { ok: false; readingId: string | null; problems: ReadingProblem[] };

/** A payload is sent again only if it now passes the rules every reading of readings.raw must pass. */
export function checkResend(entry: ResendEntry): ResendCheck {
  const validation = validateReading(entry.payload);
  if (validation.ok) return { ok: true, reading: validation.reading, partner: entry.partner };
  const id = (entry.payload as { id?: unknown } | null)?.id;
  return { ok: false, readingId: typeof id === 'string' ? id : null, problems: validation.problems };
}
