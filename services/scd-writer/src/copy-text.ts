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

const isoTime = (epochMillis: number) => new Date(epochMillis).toISOString();

const specialCharacters = /[\\\t\n\r]/;

/** Backslash, tab, newline and carriage return would end a field or a row: COPY reads them escaped. */
export function copyField(value: string): string {
  if (!specialCharacters.test(value)) return value;
  return value.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r');
}
