import { backlogShares, generateBacklog, jsonLine, toDirectRawReading } from './backlog.ts';

/** West of 4° E is region A, east of it region B, nothing outside France's rough rectangle. */
const assign = (lat: number, lon: number) => (lat < 42 || lat > 51.5 || lon < -5 || lon > 8.3 ? null : lon < 4 ? 'FR-A' : 'FR-B') as never;

describe('generateBacklog', () => {
  const count = 20_000;
  const backlog = generateBacklog({ count, seed: 3, corrections: 0, assign });
  const invalid = backlog.readings.filter((reading) => typeof reading.temperature !== 'number' || (reading.lat as number) > 90);
  const abroad = backlog.readings.filter((reading) => !invalid.includes(reading) && reading.country !== 'France');

  it('mixes about 2 % invalid and 8 % abroad readings into the French ones', () => {
    expect(backlog.readings).toHaveLength(count);
    expect(invalid.length / count).toBeCloseTo(backlogShares.invalid, 2);
    expect(abroad.length / count).toBeCloseTo(backlogShares.abroad, 2);
  });

  it('expects one point for every valid reading the assigner places in a region, and none for the invalid ones', () => {
    const valid = backlog.readings.filter((reading) => !invalid.includes(reading));
    const placed = valid.filter((reading) => assign(reading.lat as number, reading.lon as number) !== null);
    expect(backlog.expectedPoints).toBe(placed.length);
    expect(new Set(backlog.readings.map((reading) => reading.id)).size).toBe(count);
  });

  it('is the same for the same seed', () => {
    expect(generateBacklog({ count: 100, seed: 3, corrections: 0, assign }).readings).toEqual(backlog.readings.slice(0, 100));
  });

  it('adds corrections as new versions of earlier ids, which count once', () => {
    const corrected = generateBacklog({ count, seed: 3, corrections: 0.1, assign });
    const ids = new Set(corrected.readings.map((reading) => reading.id));
    expect(count - ids.size).toBeGreaterThan(count * 0.08);
    expect(corrected.readings.some((reading) => (reading.version as number) > 1)).toBe(true);
  });

  it('counts the history rows and the points of a job that knows no versions', () => {
    const corrected = generateBacklog({ count, seed: 3, corrections: 0.1, assign });
    const valid = corrected.readings.filter((reading) => typeof reading.temperature === 'number' && (reading.lat as number) <= 90);
    expect(corrected.validVersions).toBe(valid.length);
    expect(new Set(valid.map((reading) => `${String(reading.id)}|${String(reading.version)}`)).size).toBe(valid.length);
    expect(corrected.pointsOfEveryVersion).toBe(valid.filter((reading) => assign(reading.lat as number, reading.lon as number) !== null).length);
    expect(corrected.pointsOfEveryVersion).toBeGreaterThan(corrected.expectedPoints);
    expect(backlog.pointsOfEveryVersion).toBe(backlog.expectedPoints);
  });

  it('gives invalid readings UUIDs too, none shared with a valid reading, or sequential ids on request', () => {
    expect(new Set(backlog.readings.map((reading) => reading.id)).size).toBe(count);
    for (const reading of invalid) expect(reading.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const sequential = generateBacklog({ count: 2000, seed: 3, corrections: 0, ids: 'sequential', assign });
    expect(sequential.readings.filter((reading) => typeof reading.temperature !== 'number' || (reading.lat as number) > 90)[0]!.id).toMatch(/^invalid-3-[0-9a-z]{8}$/);
  });
});

describe('jsonLine', () => {
  it("writes the anchor's fields, with a version only on a correction", () => {
    const reading = { id: 'r-1', timestamp: '2026-01-01 10:00:00', lat: 48.8, lon: 2.3, temperature: 12.5, country: 'France', version: 1 };
    expect(JSON.parse(jsonLine(reading))).toEqual({ id: 'r-1', timestamp: '2026-01-01 10:00:00', lat: 48.8, lon: 2.3, temperature: 12.5, country: 'France' });
    expect(JSON.parse(jsonLine({ ...reading, version: 2 })).version).toBe(2);
  });
});

describe('toDirectRawReading', () => {
  it('carries no ingest metadata and leaves out what Avro cannot carry', () => {
    expect(toDirectRawReading({ id: 'r-2', timestamp: '2026-01-01 10:00:00', lat: 48.8, lon: 2.3, temperature: 'warm', country: 'France', version: 1 })).toEqual({
      id: 'r-2',
      timestamp: '2026-01-01 10:00:00',
      lat: 48.8,
      lon: 2.3,
      temperature: null,
      country: 'France',
      version: 1,
      ingest: null,
    });
  });
});
