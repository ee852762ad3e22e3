import { parseReadingTimestamp } from './timestamps.ts';

/** The two accepted forms as regular expressions, read the slow way: the model the parser must match. */
function reference(text: string): number | null {
  const plain = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  const iso = plain ? null : /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  const parts = plain ?? iso;
  if (!parts) return null;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(local).getUTCDate() !== day) return null;
  if (!iso) return local;
  const milliseconds = iso[7] ? Math.floor(Number(`0${iso[7]}`) * 1000) : 0;
  const offset = iso[8]!;
  const offsetMinutes = offset === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  if (Math.abs(offsetMinutes) > 18 * 60) return null;
  return local + milliseconds - offsetMinutes * 60_000;
}

describe('parseReadingTimestamp', () => {
  it.each([
    ['2026-11-24 10:15:00', Date.UTC(2026, 10, 24, 10, 15)],
    ['2026-11-24T10:15:00Z', Date.UTC(2026, 10, 24, 10, 15)],
    ['2026-11-24T11:15:00+01:00', Date.UTC(2026, 10, 24, 10, 15)],
    ['2026-11-24T05:15:00.5-05:00', Date.UTC(2026, 10, 24, 10, 15, 0, 500)],
    ['2026-11-24T10:15:00.123456789Z', Date.UTC(2026, 10, 24, 10, 15, 0, 123)],
    ['2024-02-29 23:59:59', Date.UTC(2024, 1, 29, 23, 59, 59)],
  ])('reads %s', (text, expected) => {
    expect(parseReadingTimestamp(text)).toBe(expected);
  });

  it.each([
    '2026-02-30 10:00:00',
    '2026-13-01 10:00:00',
    '2026-11-24 24:00:00',
    '2026-11-24 10:60:00',
    '2026-11-24T10:15:00',
    '2026-11-24T10:15:00.Z',
    '2026-11-24T10:15:00.1234567890Z',
    '2026-11-24T10:15:00+19:00',
    '2026-11-24T10:15:00z',
    '2026-11-24 10:15:00Z',
    '2026/11/24 10:15:00',
    '2026-11-24 10:15',
    'yesterday',
    '',
  ])('refuses %s', (text) => {
    expect(parseReadingTimestamp(text)).toBeNull();
  });

  it('agrees with the regular expressions on thousands of near-valid timestamps, one date after another', () => {
    const pieces = {
      year: ['2026', '2024', '0099', '9999', '20x6'],
      month: ['01', '02', '11', '12', '00', '13', '1a'],
      day: ['01', '28', '29', '30', '31', '00', '32'],
      separator: [' ', 'T', 't', '_'],
      time: ['00:00:00', '23:59:59', '10:15:00', '24:00:00', '10:60:00', '10:15:60', '1O:15:00', '10-15-00'],
      fraction: ['', '.1', '.12', '.123', '.1234', '.999999999', '.1234567890', '.', '.x'],
      offset: ['', 'Z', '+01:00', '-05:30', '+18:00', '-18:01', '+1:00', '+01:0', 'z', '+01:00Z'],
    };
    let compared = 0;
    const disagreements: string[] = [];
    for (const year of pieces.year)
      for (const month of pieces.month)
        for (const day of pieces.day)
          for (const separator of pieces.separator)
            for (const time of pieces.time) {
              const fractions = separator === 'T' ? pieces.fraction : [''];
              for (const fraction of fractions)
                for (const offset of pieces.offset) {
                  const text = `${year}-${month}-${day}${separator}${time}${fraction}${offset}`;
                  if (parseReadingTimestamp(text) !== reference(text)) disagreements.push(text);
                  compared += 1;
                }
            }
    expect(disagreements).toEqual([]);
    expect(compared).toBeGreaterThan(100_000);
  });
});
