import { gunzipSync } from 'node:zlib';
import type { IngestProblemCode } from '@thermostream/readings';

export class RequestProblem extends Error {
  readonly code: IngestProblemCode;

  constructor(code: IngestProblemCode, message: string) {
    super(message);
    this.code = code;
  }
}

export type BodyFormat = 'json' | 'ndjson';

/** One entry per record of the body: parsed JSON, or an NDJSON line that is not JSON, with why. */
export type ParsedRecord = { ok: true; value: unknown } | { ok: false; line: string; message: string };

/**
 * Turns a request body into records: gunzip (bounded, so a small bomb cannot grow past the limit),
 * then a JSON array or NDJSON lines. A body that is not JSON at all is a problem of the request; in
 * NDJSON one bad line is only a problem of that record.
 */
export function parseBody(body: Buffer, options: { format: BodyFormat; gzip: boolean; maxBytes: number; maxRecords: number }): ParsedRecord[] {
  let bytes = body;
  if (options.gzip) {
    try {
      bytes = gunzipSync(body, { maxOutputLength: options.maxBytes });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
        throw new RequestProblem('INGEST_BODY_TOO_LARGE', `the decompressed body is larger than ${options.maxBytes} bytes`);
      }
      throw new RequestProblem('INGEST_BODY_UNPARSEABLE', 'the body is not valid gzip');
    }
  }
  const text = bytes.toString('utf8');
  const records = options.format === 'json' ? parseArray(text) : parseLines(text);
  if (records.length > options.maxRecords) {
    throw new RequestProblem('INGEST_TOO_MANY_RECORDS', `${records.length} readings in one request; the limit is ${options.maxRecords}`);
  }
  return records;
}

function parseArray(text: string): ParsedRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new RequestProblem('INGEST_BODY_UNPARSEABLE', `the body is not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new RequestProblem('INGEST_BODY_UNPARSEABLE', 'the body must be a JSON array of readings');
  return parsed.map((value) => ({ ok: true, value }));
}

function parseLines(text: string): ParsedRecord[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return { ok: true, value: JSON.parse(line) as unknown };
      } catch (error) {
        return { ok: false, line, message: `the line is not JSON: ${(error as Error).message}` };
      }
    });
}
