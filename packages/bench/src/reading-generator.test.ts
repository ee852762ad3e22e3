import { createIdSource, createReadingGenerator, eventHours, seededRandom, seededUuid, type GeneratorShares, type IdStyle } from './reading-generator.ts';

const take = (seed: number, shares: GeneratorShares, count: number, ids?: IdStyle) => {
  const generator = createReadingGenerator({ seed, shares, startTime: Date.UTC(2026, 0, 1), ids });
  return Array.from({ length: count }, () => generator.next());
};

/** crypto.randomUUID()'s shape: version 4, RFC 4122 variant, lower-case hex. */
const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const none: GeneratorShares = { corrections: 0, duplicates: 0, invalid: 0, foreign: 0 };

describe('createReadingGenerator', () => {
  it('gives the same readings for the same seed and different ones for another seed', () => {
    const shares = { corrections: 0.1, duplicates: 0.1, invalid: 0.1, foreign: 0.1 };
    expect(take(7, shares, 200)).toEqual(take(7, shares, 200));
    expect(take(8, shares, 200)).not.toEqual(take(7, shares, 200));
  });

  it('labels fresh readings in France with coordinates inside metropolitan France', () => {
    for (const reading of take(3, none, 500)) {
      expect(reading.country).toBe('France');
      expect(reading.lat).toBeGreaterThan(41);
      expect(reading.lat).toBeLessThan(51.5);
      expect(reading.lon).toBeGreaterThan(-5.5);
      expect(reading.lon).toBeLessThan(10);
    }
  });

  it('issues corrections as higher versions of ids it already issued', () => {
    const readings = take(5, { ...none, corrections: 0.3 }, 2000);
    const highest = new Map<unknown, number>();
    let corrections = 0;
    for (const reading of readings) {
      const previous = highest.get(reading.id);
      if (previous !== undefined) {
        expect(reading.version).toBe(previous + 1);
        corrections += 1;
      }
      highest.set(reading.id, reading.version as number);
    }
    expect(corrections / readings.length).toBeGreaterThan(0.2);
    expect(corrections / readings.length).toBeLessThan(0.4);
  });

  it('gives readings random UUIDs by default, and the sequential ids on request, the rest of each reading alike', () => {
    const withUuids = take(11, none, 1000);
    const sequential = take(11, none, 1000, 'sequential');
    for (const reading of withUuids) expect(reading.id).toMatch(uuidShape);
    expect(new Set(withUuids.map((reading) => reading.id)).size).toBe(1000);
    expect(sequential.slice(0, 2).map((reading) => reading.id)).toEqual(['gen-11-00000000', 'gen-11-00000001']);
    expect(withUuids.map(({ id: _, ...rest }) => rest)).toEqual(sequential.map(({ id: _, ...rest }) => rest));
  });

  it('spreads event times over a whole day, every hour of it used', () => {
    const start = Date.UTC(2026, 0, 1);
    const hours = take(12, none, 5000).map((reading) => Math.floor((Date.parse(`${reading.timestamp as string}Z`) - start) / 3_600_000));
    expect(eventHours).toBe(24);
    expect(new Set(hours).size).toBe(24);
    expect(Math.min(...hours)).toBe(0);
    expect(Math.max(...hours)).toBe(23);
  });

  it('mixes in the requested share of foreign readings', () => {
    const readings = take(9, { ...none, foreign: 0.5 }, 2000);
    const foreign = readings.filter((reading) => reading.country !== 'France').length / readings.length;
    expect(foreign).toBeGreaterThan(0.4);
    expect(foreign).toBeLessThan(0.6);
  });
});

describe('seededUuid', () => {
  it('has the shape of crypto.randomUUID() and repeats for the same seed', () => {
    const first = seededRandom(5);
    const again = seededRandom(5);
    const ids = Array.from({ length: 200 }, () => seededUuid(first));
    for (const id of ids) expect(id).toMatch(uuidShape);
    expect(Array.from({ length: 200 }, () => seededUuid(again))).toEqual(ids);
    expect(crypto.randomUUID()).toMatch(uuidShape);
  });
});

describe('createIdSource', () => {
  it('gives each prefix of a seed its own UUIDs, and other ones for another seed', () => {
    const ids = (seed: number, prefix: string) => {
      const next = createIdSource({ seed, style: 'uuid', prefix });
      return Array.from({ length: 100 }, () => next());
    };
    expect(ids(1, 'gen')).toEqual(ids(1, 'gen'));
    expect(new Set([...ids(1, 'gen'), ...ids(1, 'invalid'), ...ids(2, 'gen')]).size).toBe(300);
  });
});

describe('expectedAggregates', () => {
  it('counts the latest version of each id once, in the region the assigner gives it', () => {
    const generator = createReadingGenerator({ seed: 4, shares: { corrections: 0.3, duplicates: 0.2, invalid: 0.1, foreign: 0.1 }, startTime: Date.UTC(2026, 0, 1) });
    const issued = Array.from({ length: 3000 }, () => generator.next());
    const latest = new Map<unknown, { version: number; temperature: number }>();
    for (const reading of issued) {
      if (typeof reading.id !== 'string' || reading.id === '' || typeof reading.temperature !== 'number' || reading.version === 0) continue;
      if (typeof reading.lat === 'number' && Math.abs(reading.lat) > 90) continue;
      if (typeof reading.timestamp === 'string' && reading.timestamp.startsWith('2026-02-30')) continue;
      const previous = latest.get(reading.id);
      if (!previous || (reading.version as number) > previous.version) latest.set(reading.id, { version: reading.version as number, temperature: reading.temperature });
    }
    const everywhere = generator.expectedAggregates(() => 'FR-IDF');
    const points = [...everywhere.values()].reduce((sum, aggregate) => sum + aggregate.points, 0);
    const sumTenths = [...everywhere.values()].reduce((sum, aggregate) => sum + aggregate.sumTenths, 0);
    expect(points).toBe(latest.size);
    expect(sumTenths).toBe([...latest.values()].reduce((sum, reading) => sum + Math.round(reading.temperature * 10), 0));
    expect(generator.expectedAggregates(() => null).size).toBe(0);
  });
});
