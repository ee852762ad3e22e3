const utcPlain = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const isoWithOffset = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Epoch milliseconds of a measurement timestamp: `YYYY-MM-DD HH:mm:ss` in UTC, or ISO-8601 with
 * `Z` or an explicit offset. Null for anything else, including dates that do not exist (Feb 30).
 */
export function parseReadingTimestamp(text: string): number | null {
  const plain = utcPlain.exec(text);
  const iso = plain ? null : isoWithOffset.exec(text);
  const parts = plain ?? iso;
  if (!parts) return null;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2026-02-30 over to March 2nd; a real date survives the round trip.
  if (new Date(local).getUTCDate() !== day) return null;
  if (!iso) return local;
  const milliseconds = iso[7] ? Math.floor(Number(`0${iso[7]}`) * 1000) : 0;
  const offset = iso[8]!;
  const offsetMinutes = offset === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  if (Math.abs(offsetMinutes) > 18 * 60) return null;
  return local + milliseconds - offsetMinutes * 60_000;
}
