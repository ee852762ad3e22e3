import type { VersionRow } from './plan-versions.ts';

/**
 * reading_versions rows in COPY's text format, in the column order of `versionColumns`: tab between
 * columns, a line per row, \N for null. Times go as ISO 8601 in UTC with their milliseconds, numbers in
 * JavaScript's shortest round-trip form, which PostgreSQL reads back to the same numeric and float8.
 */
export function copyText(rows: readonly VersionRow[]): string {
  let text = '';
  for (const row of rows) {
    text +=
      `${copyField(row.readingId)}\t${row.version}\t${row.regionCode === null ? nullField : copyField(row.regionCode)}\t` +
      `${isoTime(row.hour)}\t${isoTime(row.eventTime)}\t${row.temperature}\t${row.lat}\t${row.lon}\t` +
      `${isoTime(row.validFrom)}\t${row.validTo === null ? nullField : isoTime(row.validTo)}\t${row.validTo === null ? 't' : 'f'}\t` +
      `${row.rawPartition}\t${row.rawOffset}\n`;
  }
  return text;
}

const nullField = '\\N';

const dayMillis = 86_400_000;
const twoDigits = Array.from({ length: 60 }, (_, value) => String(value).padStart(2, '0'));
const threeDigits = Array.from({ length: 1000 }, (_, value) => String(value).padStart(3, '0'));
let cachedDay = Number.NaN;
let cachedDate = '';

/**
 * What `new Date(epochMillis).toISOString()` gives, at a fraction of its cost (it was the largest
 * part of the scd-writer's CPU time): the readings of a batch fall on few days, so the date part is
 * formatted once per day and the time of day from integers.
 */
export function isoTime(epochMillis: number): string {
  const day = Math.floor(epochMillis / dayMillis);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDate = new Date(day * dayMillis).toISOString().slice(0, 11);
  }
  let rest = epochMillis - day * dayMillis;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${cachedDate}${twoDigits[hours]}:${twoDigits[minutes]}:${twoDigits[seconds]}.${threeDigits[rest - seconds * 1000]}Z`;
}

const specialCharacters = /[\\\t\n\r]/;

/** Backslash, tab, newline and carriage return would end a field or a row: COPY reads them escaped. */
export function copyField(value: string): string {
  if (!specialCharacters.test(value)) return value;
  return value.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r');
}
