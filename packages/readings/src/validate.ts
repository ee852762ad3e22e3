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
  const problem = (field: string, code: RejectCode, message: string) => void problems.push({ field, code, message });

  const present = (field: string) => record[field] !== undefined && record[field] !== null;
  const requireType = (field: string, type: 'string' | 'number'): boolean => {
    if (!present(field)) {
      problem(field, 'FIELD_MISSING', `${field} is required`);
      return false;
    }
    if (typeof record[field] !== type) {
      problem(field, 'FIELD_WRONG_TYPE', `${field} must be a ${type}, got ${JSON.stringify(record[field])}`);
      return false;
    }
    return true;
  };
  const inRange = (field: string, min: number, max: number, code: RejectCode) => {
    if (!requireType(field, 'number')) return;
    const value = record[field] as number;
    if (!Number.isFinite(value) || value < min || value > max) problem(field, code, `${field} must be between ${min} and ${max}, got ${value}`);
  };

  if (requireType('id', 'string')) {
    const id = record.id as string;
    if (id.trim() === '' || id.length > readingLimits.idMaxLength) {
      problem('id', 'ID_INVALID', `id must be a non-empty string of at most ${readingLimits.idMaxLength} characters`);
    }
  }
  let eventTime: number | null = null;
  if (requireType('timestamp', 'string')) {
    eventTime = parseReadingTimestamp(record.timestamp as string);
    if (eventTime === null) {
      problem('timestamp', 'TIMESTAMP_INVALID', `timestamp ${JSON.stringify(record.timestamp)} is not 'YYYY-MM-DD HH:mm:ss' (UTC) or ISO-8601 with an offset`);
    }
  }
  inRange('lat', -90, 90, 'LAT_OUT_OF_RANGE');
  inRange('lon', -180, 180, 'LON_OUT_OF_RANGE');
  inRange('temperature', readingLimits.temperature.min, readingLimits.temperature.max, 'TEMPERATURE_OUT_OF_RANGE');
  if (present('country')) {
    if (typeof record.country !== 'string') problem('country', 'FIELD_WRONG_TYPE', 'country must be a string');
    else if (record.country.length > readingLimits.countryMaxLength) problem('country', 'COUNTRY_INVALID', `country must be at most ${readingLimits.countryMaxLength} characters`);
  }
  if (present('version')) {
    const version = record.version;
    if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
      problem('version', 'VERSION_INVALID', `version must be an integer of at least 1, got ${JSON.stringify(version)}`);
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
      country: present('country') ? (record.country as string) : null,
      version: present('version') ? (record.version as number) : null,
    },
  };
}
