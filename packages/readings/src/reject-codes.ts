/**
 * Every reason a record can be refused, declared once with a stable code. The codes appear on
 * readings.rejected, in HTTP answers and in metrics; docs/errors.md lists them (a test keeps the two
 * in step). A code is never renamed or reused: retire it in `retiredRejectCodes` instead.
 */
export const rejectCodes = {
  READING_NOT_OBJECT: 'The record is not a JSON object.',
  RECORD_UNPARSEABLE: 'An NDJSON line is not valid JSON.',
  RECORD_UNDECODABLE: 'The Kafka record value is not Avro in the Confluent wire format, or its schema id is unknown.',
  BATCH_UNREADABLE: 'A Kafka record batch cannot be read (corrupt or undecompressable bytes); its offsets were skipped after repeated tries.',
  FIELD_MISSING: 'A required field is absent or null.',
  FIELD_WRONG_TYPE: 'A field has the wrong JSON type (for example a string where a number is expected).',
  ID_INVALID: 'The id is empty or longer than 128 characters.',
  TIMESTAMP_INVALID: "The timestamp is neither 'YYYY-MM-DD HH:mm:ss' (UTC) nor ISO-8601 with an offset, or is not a real instant.",
  LAT_OUT_OF_RANGE: 'lat is not a finite number between -90 and 90.',
  LON_OUT_OF_RANGE: 'lon is not a finite number between -180 and 180.',
  TEMPERATURE_OUT_OF_RANGE: 'temperature is not a finite number between -90 and 70 °C.',
  COUNTRY_INVALID: 'country is longer than 100 characters.',
  VERSION_INVALID: 'version is not an integer of at least 1.',
} as const;

export type RejectCode = keyof typeof rejectCodes;

/** Codes that existed once and must never be given a new meaning. */
export const retiredRejectCodes: readonly string[] = [];

/**
 * Problems with a whole HTTP request (not one record), as stable codes with their status: each is
 * answered as an RFC 9457 problem whose `title` is given here and whose `detail` says what of this
 * request was wrong.
 */
export const ingestProblems = {
  INGEST_UNAUTHORIZED: { status: 401, title: 'X-API-Key is missing or not a valid key.' },
  INGEST_UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Content-Type must be application/json or application/x-ndjson, and Content-Encoding gzip or absent.' },
  INGEST_BODY_UNPARSEABLE: { status: 400, title: 'The body is not a JSON array of readings (or cannot be decompressed).' },
  INGEST_BODY_TOO_LARGE: { status: 413, title: 'The body (after decompression) is larger than the configured limit.' },
  INGEST_TOO_MANY_RECORDS: { status: 413, title: 'The body holds more readings than the configured limit.' },
  INGEST_RATE_LIMITED: { status: 429, title: "The partner's key sent more requests this minute than its limit; nothing of this request was accepted. Retry later." },
  INGEST_KAFKA_UNAVAILABLE: { status: 503, title: 'Kafka could not take the readings; nothing of this request was accepted. Retry later.' },
  INGEST_ROUTE_NOT_FOUND: { status: 404, title: 'No such route: the API is POST /v1/readings, described at /docs.' },
  INGEST_INTERNAL: { status: 500, title: 'The service failed on this request; nothing of it was accepted. Retry later.' },
} as const;

export type IngestProblemCode = keyof typeof ingestProblems;

/** How many rejects of a batch carry each reason: a labelled counter is incremented once per reason, not per reject. */
export function rejectsByReason(rejects: readonly { reason_code: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const reject of rejects) counts.set(reject.reason_code, (counts.get(reject.reason_code) ?? 0) + 1);
  return counts;
}
