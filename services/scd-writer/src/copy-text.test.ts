import { copyField, copyText, isoTime } from './copy-text.ts';
import type { VersionRow } from './plan-versions.ts';

const row: VersionRow = {
  readingId: 'sensor-1',
  version: 3,
  regionCode: 'FR-IDF',
  hour: Date.UTC(2026, 10, 24, 10),
  eventTime: Date.UTC(2026, 10, 24, 10, 12, 5, 7),
  temperature: -0.125,
  lat: 48.856613,
  lon: 2.352222,
  validFrom: Date.UTC(2026, 10, 30, 21, 0, 0, 999),
  validTo: null,
  rawPartition: 4,
  rawOffset: 120_394,
};

describe('copyText', () => {
  it('writes a current row as one line of tab-separated columns, null valid_to as \\N', () => {
    expect(copyText([row])).toBe(
      'sensor-1\t3\tFR-IDF\t2026-11-24T10:00:00.000Z\t2026-11-24T10:12:05.007Z\t-0.125\t48.856613\t2.352222\t2026-11-30T21:00:00.999Z\t\\N\tt\t4\t120394\n',
    );
  });

  it('writes a closed row with its valid_to and is_current false, and a row in no region with a null region', () => {
    const [closed, nowhere] = copyText([
      { ...row, validTo: Date.UTC(2026, 10, 30, 22) },
      { ...row, readingId: 'sensor-2', regionCode: null },
    ])
      .split('\n')
      .map((line) => line.split('\t'));
    expect(closed!.slice(9, 11)).toEqual(['2026-11-30T22:00:00.000Z', 'f']);
    expect(nowhere!.slice(0, 3)).toEqual(['sensor-2', '3', '\\N']);
    expect(nowhere![10]).toBe('t');
  });

  it('keeps every number in the form that reads back to the same value', () => {
    const line = copyText([{ ...row, temperature: 21.1 + 0.2, lat: 1e-7, lon: -179.99999999999997 }]).split('\t');
    expect(Number(line[5])).toBe(21.1 + 0.2);
    expect(Number(line[6])).toBe(1e-7);
    expect(Number(line[7])).toBe(-179.99999999999997);
  });
});

describe('copyField', () => {
  it('leaves ordinary text as it is', () => {
    expect(copyField('gen-1-0000002a')).toBe('gen-1-0000002a');
  });

  it('escapes what would end a field or a row, and the escape character itself', () => {
    expect(copyField('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
  });
});

describe('isoTime', () => {
  it('formats like Date.prototype.toISOString, across days, years and before 1970', () => {
    const instants = [0, -1, 1, 86_399_999, 86_400_000, Date.UTC(2026, 11, 31, 23, 59, 59, 999), Date.UTC(2027, 0, 1), Date.UTC(2024, 1, 29, 12), Date.UTC(1969, 6, 20, 20, 17, 40, 5)];
    for (let index = 0; index < 2_000; index += 1) instants.push(Date.UTC(2026, 0, 1) + Math.floor(((index * 7_919_317) % 1_000_003) * 97_531.7));
    for (const instant of instants) expect(isoTime(instant)).toBe(new Date(instant).toISOString());
  });
});
