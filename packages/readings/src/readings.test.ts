import { readFileSync } from 'node:fs';
import { registryErrorCodes } from '@thermostream/avro';
import { CONFIG_INVALID } from '@thermostream/config';
import {
  ingestProblems,
  isInFranceEnvelope,
  labelsFrance,
  parseReadingTimestamp,
  rejectCodes,
  retiredRejectCodes,
  validateReading,
} from './index.ts';

const valid = { id: 'r-1', timestamp: '2026-11-24 10:15:00', lat: 48.85, lon: 2.35, temperature: 12.5, country: 'France' };

describe('parseReadingTimestamp', () => {
  it.each([
    ['2026-11-24 10:15:00', Date.UTC(2026, 10, 24, 10, 15, 0)],
    ['2026-11-24T10:15:00Z', Date.UTC(2026, 10, 24, 10, 15, 0)],
    ['2026-11-24T11:15:00+01:00', Date.UTC(2026, 10, 24, 10, 15, 0)],
    ['2026-11-24T05:45:00-04:30', Date.UTC(2026, 10, 24, 10, 15, 0)],
    ['2026-11-24T10:15:00.250Z', Date.UTC(2026, 10, 24, 10, 15, 0, 250)],
    ['2024-02-29 00:00:00', Date.UTC(2024, 1, 29)],
  ])('reads %s', (text, expected) => {
    expect(parseReadingTimestamp(text)).toBe(expected);
  });

  it.each([
    '2026-02-30 10:00:00',
    '2026-11-24 25:00:00',
    '2026-13-01 00:00:00',
    '2026-11-24T10:15:00',
    '2026-11-24 10:15',
    '24/11/2026 10:15:00',
    '2026-11-24T10:15:00+25:00',
    '',
  ])('refuses %j', (text) => {
    expect(parseReadingTimestamp(text)).toBeNull();
  });
});

describe('validateReading', () => {
  it('accepts a valid reading and normalises its time to UTC milliseconds', () => {
    expect(validateReading({ ...valid, timestamp: '2026-11-24T11:15:00+01:00', version: 2, extra: 'ignored' })).toEqual({
      ok: true,
      reading: { ...valid, timestamp: '2026-11-24T11:15:00+01:00', eventTime: Date.UTC(2026, 10, 24, 10, 15), version: 2 },
    });
  });

  it('treats country and version as optional', () => {
    const { country: _country, ...withoutCountry } = valid;
    expect(validateReading(withoutCountry)).toMatchObject({ ok: true, reading: { country: null, version: null } });
  });

  it.each([
    [[1, 2], null, 'READING_NOT_OBJECT'],
    ['text', null, 'READING_NOT_OBJECT'],
    [{ ...valid, id: undefined }, 'id', 'FIELD_MISSING'],
    [{ ...valid, id: '' }, 'id', 'ID_INVALID'],
    [{ ...valid, id: 'x'.repeat(129) }, 'id', 'ID_INVALID'],
    [{ ...valid, id: 7 }, 'id', 'FIELD_WRONG_TYPE'],
    [{ ...valid, timestamp: null }, 'timestamp', 'FIELD_MISSING'],
    [{ ...valid, timestamp: '2026-02-30 10:00:00' }, 'timestamp', 'TIMESTAMP_INVALID'],
    [{ ...valid, lat: 90.5 }, 'lat', 'LAT_OUT_OF_RANGE'],
    [{ ...valid, lat: '48.8' }, 'lat', 'FIELD_WRONG_TYPE'],
    [{ ...valid, lon: -180.1 }, 'lon', 'LON_OUT_OF_RANGE'],
    [{ ...valid, temperature: 71 }, 'temperature', 'TEMPERATURE_OUT_OF_RANGE'],
    [{ ...valid, temperature: undefined }, 'temperature', 'FIELD_MISSING'],
    [{ ...valid, country: 3 }, 'country', 'FIELD_WRONG_TYPE'],
    [{ ...valid, country: 'F'.repeat(101) }, 'country', 'COUNTRY_INVALID'],
    [{ ...valid, version: 0 }, 'version', 'VERSION_INVALID'],
    [{ ...valid, version: 1.5 }, 'version', 'VERSION_INVALID'],
    [{ ...valid, version: '2' }, 'version', 'VERSION_INVALID'],
  ])('rejects %j: field %s, code %s', (input, field, code) => {
    const result = validateReading(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([expect.objectContaining({ field, code })]);
  });

  it('reports every problem of a record, not only the first', () => {
    const result = validateReading({ id: '', timestamp: 'yesterday', lat: 100, lon: 2, temperature: 'hot' });
    expect(!result.ok && result.problems.map((problem) => problem.code)).toEqual([
      'ID_INVALID',
      'TIMESTAMP_INVALID',
      'LAT_OUT_OF_RANGE',
      'FIELD_WRONG_TYPE',
    ]);
  });

  it('keeps each record its own problems when records are validated one after another', () => {
    const first = validateReading({ ...valid, lat: 100 });
    const second = validateReading({ ...valid, id: '' });
    const third = validateReading(valid);
    expect(!first.ok && first.problems.map((problem) => problem.code)).toEqual(['LAT_OUT_OF_RANGE']);
    expect(!second.ok && second.problems.map((problem) => problem.code)).toEqual(['ID_INVALID']);
    expect(third.ok).toBe(true);
  });
});

describe('France', () => {
  it.each([
    [48.85, 2.35, true],
    [41.92, 8.74, true],
    [50.85, 4.35, true],
    [52.52, 13.4, false],
    [40.42, -3.7, false],
  ])('envelope holds (%d, %d): %s', (lat, lon, inside) => {
    expect(isInFranceEnvelope(lat, lon)).toBe(inside);
  });

  it.each([
    ['France', true],
    [' FRANCE ', true],
    ['FR', true],
    ['République Française', true],
    ['Belgium', false],
    [null, false],
  ])('label %j means France: %s', (label, expected) => {
    expect(labelsFrance(label)).toBe(expected);
  });
});

describe('docs/errors.md', () => {
  const docs = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
  const documented = new Set([...docs.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]));
  const declared = [...Object.keys(rejectCodes), ...Object.keys(ingestProblems), ...Object.keys(registryErrorCodes), CONFIG_INVALID];

  it('documents every declared code', () => {
    expect(declared.filter((code) => !documented.has(code))).toEqual([]);
  });

  it('documents no code that is not declared', () => {
    expect([...documented].filter((code) => !declared.includes(code!))).toEqual([]);
  });

  it('documents each whole-request problem with the status it is answered with', () => {
    const documentedStatus = new Map([...docs.matchAll(/^\| `(INGEST_[A-Z_]+)` \| (\d{3}) \|/gm)].map((match) => [match[1], Number(match[2])]));
    expect(Object.fromEntries(documentedStatus)).toEqual(Object.fromEntries(Object.entries(ingestProblems).map(([code, { status }]) => [code, status])));
  });

  it('never declares a retired code again', () => {
    expect(declared.filter((code) => retiredRejectCodes.includes(code))).toEqual([]);
  });
});
