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
 *
 * Each field is read once and checked by value: the filter validates every reading of readings.raw
 * again, and reading a decoded number field repeatedly by name allocated a new boxed number each time.
 */
export function validateReading(input: unknown): Validation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [{ field: null, code: 'READING_NOT_OBJECT', message: 'a reading must be a JSON object' }] };
  }
  const { id, timestamp, lat, lon, temperature, country, version } = input as Record<string, unknown>;
  problems.length = 0;
  if (hasType(id, 'id', 'string') && ((id as string).trim() === '' || (id as string).length > readingLimits.idMaxLength)) {
    problems.push({ field: 'id', code: 'ID_INVALID', message: `id must be a non-empty string of at most ${readingLimits.idMaxLength} characters` });
  }
  let eventTime: number | null = null;
  if (hasType(timestamp, 'timestamp', 'string')) {
    eventTime = parseReadingTimestamp(timestamp as string);
    if (eventTime === null) {
      problems.push({ field: 'timestamp', code: 'TIMESTAMP_INVALID', message: `timestamp ${JSON.stringify(timestamp)} is not 'YYYY-MM-DD HH:mm:ss' (UTC) or ISO-8601 with an offset` });
    }
  }
  checkRange(lat, 'lat', -90, 90, 'LAT_OUT_OF_RANGE');
  checkRange(lon, 'lon', -180, 180, 'LON_OUT_OF_RANGE');
  checkRange(temperature, 'temperature', readingLimits.temperature.min, readingLimits.temperature.max, 'TEMPERATURE_OUT_OF_RANGE');
  if (present(country)) {
    if (typeof country !== 'string') problems.push({ field: 'country', code: 'FIELD_WRONG_TYPE', message: 'country must be a string' });
    else if (country.length > readingLimits.countryMaxLength) problems.push({ field: 'country', code: 'COUNTRY_INVALID', message: `country must be at most ${readingLimits.countryMaxLength} characters` });
  }
  if (present(version) && (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1)) {
    problems.push({ field: 'version', code: 'VERSION_INVALID', message: `version must be an integer of at least 1, got ${JSON.stringify(version)}` });
  }

  if (problems.length > 0) return { ok: false, problems: problems.splice(0) };
  return {
    ok: true,
    reading: {
      id: id as string,
      timestamp: timestamp as string,
      eventTime: eventTime!,
      lat: lat as number,
      lon: lon as number,
      temperature: temperature as number,
      country: present(country) ? (country as string) : null,
      version: present(version) ? (version as number) : null,
    },
  };
}

// Module-level rather than made per reading. Validation is synchronous, so one array serves every
// call; a reading with problems takes them out of it.
const problems: ReadingProblem[] = [];

const present = (value: unknown) => value !== undefined && value !== null;

function hasType(value: unknown, field: string, type: 'string' | 'number'): boolean {
  if (!present(value)) {
    problems.push({ field, code: 'FIELD_MISSING', message: `${field} is required` });
    return false;
  }
  if (typeof value !== type) {
    problems.push({ field, code: 'FIELD_WRONG_TYPE', message: `${field} must be a ${type}, got ${JSON.stringify(value)}` });
    return false;
  }
  return true;
}

function checkRange(value: unknown, field: string, min: number, max: number, code: RejectCode) {
  if (!hasType(value, field, 'number')) return;
  const number = value as number;
  if (!Number.isFinite(number) || number < min || number > max) problems.push({ field, code, message: `${field} must be between ${min} and ${max}, got ${number}` });
}
