/**
 * Epoch milliseconds of a measurement timestamp: `YYYY-MM-DD HH:mm:ss` in UTC, or ISO-8601 with
 * `Z` or an explicit offset (`YYYY-MM-DDTHH:mm:ss[.fraction](Z|±HH:MM)`, 1 to 9 fraction digits).
 * Null for anything else, including dates that do not exist (Feb 30).
 *
 * Read character by character, with the last date seen kept: every reading goes through here, and
 * the readings of a batch fall on few dates.
 */
export function parseReadingTimestamp(text: string): number | null {
  if (text.length < 19 || text.charCodeAt(13) !== colon || text.charCodeAt(16) !== colon) return null;
  const midnight = startOfDate(text);
  if (midnight === null) return null;
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  const local = midnight + hour * 3_600_000 + minute * 60_000 + second * 1000;
  const separator = text.charCodeAt(10);
  if (separator === space) return text.length === 19 ? local : null;
  if (separator !== letterT) return null;

  let at = 19;
  let milliseconds = 0;
  if (text.charCodeAt(at) === dot) {
    const from = (at += 1);
    while (isDigit(text.charCodeAt(at))) at += 1;
    const count = at - from;
    if (count < 1 || count > 9) return null;
    const kept = Math.min(count, 3);
    milliseconds = digits(text, from, kept) * 10 ** (3 - kept);
  }
  const offsetMinutes = offsetOf(text, at);
  if (offsetMinutes === null) return null;
  return local + milliseconds - offsetMinutes * 60_000;
}

const zero = 48;
const colon = 58;
const space = 32;
const letterT = 84;
const dot = 46;
const dash = 45;
const plus = 43;
const letterZ = 90;

const isDigit = (code: number) => code >= zero && code <= zero + 9;

/** The number written by `count` digits from `at`, or -1 if one of them is not a digit. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let index = at; index < at + count; index += 1) {
    const code = text.charCodeAt(index);
    if (!isDigit(code)) return -1;
    value = value * 10 + code - zero;
  }
  return value;
}

let lastDate = '';
let lastMidnight: number | null = null;

/** UTC midnight of the `YYYY-MM-DD` the text starts with; null if that is no date. */
function startOfDate(text: string): number | null {
  const date = text.slice(0, 10);
  if (date === lastDate) return lastMidnight;
  lastDate = date;
  lastMidnight = null;
  if (date.charCodeAt(4) !== dash || date.charCodeAt(7) !== dash) return null;
  const year = digits(date, 0, 4);
  const month = digits(date, 5, 2);
  const day = digits(date, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 0) return null;
  const midnight = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 2026-02-30 over to March 2nd; a real date survives the round trip.
  if (new Date(midnight).getUTCDate() !== day) return null;
  lastMidnight = midnight;
  return midnight;
}

/** Minutes east of UTC of the `Z` or `±HH:MM` that ends the text at `at`; null if it is neither or beyond ±18:00. */
function offsetOf(text: string, at: number): number | null {
  const sign = text.charCodeAt(at);
  if (sign === letterZ) return text.length === at + 1 ? 0 : null;
  if ((sign !== plus && sign !== dash) || text.length !== at + 6 || text.charCodeAt(at + 3) !== colon) return null;
  const hours = digits(text, at + 1, 2);
  const minutes = digits(text, at + 4, 2);
  if (hours < 0 || minutes < 0) return null;
  const offset = hours * 60 + minutes;
  if (offset > 18 * 60) return null;
  return sign === dash ? -offset : offset;
}
