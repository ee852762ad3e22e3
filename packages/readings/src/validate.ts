import type { RejectCode } from './reject-codes.ts';
import { parseReadingTimestamp } from './timestamps.ts';

/** A reading that passed every rule, its timestamp normalised to UTC epoch milliseconds. */
export interface ValidReading {
  id: string;
  /** As sent: the raw topic keeps what the partner wrote. */
  timestamp: string;
  eventTime: number;
  lat: number;
  lon: number;
  temperature: number;
  country: string | null;
  version: number | null;
}

export interface ReadingProblem {
  field: string | null;
  code: RejectCode;
  message: string;
}

export type Validation = { ok: true; reading: ValidReading } | { ok: false; problems: ReadingProblem[] };

export const readingLimits = {
  idMaxLength: 128,
  countryMaxLength: 100,
  temperature: { min: -90, max: 70 },
} as const;

/**
 * The rules for one reading, shared by http-ingest and filter. Every problem of the record is
 * reported, not only the first; fields the product does not know are ignored.
 */
export function validateReading(input: unknown): Validation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [{ field: null, code: 'READING_NOT_OBJECT', message: 'a reading must be a JSON object' }] };
  }
  const record = input as Record<string, unknown>;
  const problems: ReadingProblem[] = [];
  if (hasType(record, 'id', 'string', problems)) {
    const id = record.id as string;
    if (id.trim() === '' || id.length > readingLimits.idMaxLength) {
      problems.push({ field: 'id', code: 'ID_INVALID', message: `id must be a non-empty string of at most ${readingLimits.idMaxLength} characters` });
    }
  }
  let eventTime: number | null = null;
  if (hasType(record, 'timestamp', 'string', problems)) {
    eventTime = parseReadingTimestamp(record.timestamp as string);
    if (eventTime === null) {
      problems.push({ field: 'timestamp', code: 'TIMESTAMP_INVALID', message: `timestamp ${JSON.stringify(record.timestamp)} is not 'YYYY-MM-DD HH:mm:ss' (UTC) or ISO-8601 with an offset` });
    }
  }
  checkRange(record, 'lat', -90, 90, 'LAT_OUT_OF_RANGE', problems);
  checkRange(record, 'lon', -180, 180, 'LON_OUT_OF_RANGE', problems);
  checkRange(record, 'temperature', readingLimits.temperature.min, readingLimits.temperature.max, 'TEMPERATURE_OUT_OF_RANGE', problems);
  if (present(record, 'country')) {
    if (typeof record.country !== 'string') problems.push({ field: 'country', code: 'FIELD_WRONG_TYPE', message: 'country must be a string' });
    else if (record.country.length > readingLimits.countryMaxLength) problems.push({ field: 'country', code: 'COUNTRY_INVALID', message: `country must be at most ${readingLimits.countryMaxLength} characters` });
  }
  if (present(record, 'version')) {
    const version = record.version;
    if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
      problems.push({ field: 'version', code: 'VERSION_INVALID', message: `version must be an integer of at least 1, got ${JSON.stringify(version)}` });
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    reading: {
      id: record.id as string,
      timestamp: record.timestamp as string,
      eventTime: eventTime!,
      lat: record.lat as number,
      lon: record.lon as number,
      temperature: record.temperature as number,
      country: present(record, 'country') ? (record.country as string) : null,
      version: present(record, 'version') ? (record.version as number) : null,
    },
  };
}

// Module functions rather than closures made per reading: the filter validates every reading again.
const present = (record: Record<string, unknown>, field: string) => record[field] !== undefined && record[field] !== null;

function hasType(record: Record<string, unknown>, field: string, type: 'string' | 'number', problems: ReadingProblem[]): boolean {
  if (!present(record, field)) {
    problems.push({ field, code: 'FIELD_MISSING', message: `${field} is required` });
    return false;
  }
  if (typeof record[field] !== type) {
    problems.push({ field, code: 'FIELD_WRONG_TYPE', message: `${field} must be a ${type}, got ${JSON.stringify(record[field])}` });
    return false;
  }
  return true;
}

function checkRange(record: Record<string, unknown>, field: string, min: number, max: number, code: RejectCode, problems: ReadingProblem[]) {
  if (!hasType(record, field, 'number', problems)) return;
  const value = record[field] as number;
  if (!Number.isFinite(value) || value < min || value > max) problems.push({ field, code, message: `${field} must be between ${min} and ${max}, got ${value}` });
}
