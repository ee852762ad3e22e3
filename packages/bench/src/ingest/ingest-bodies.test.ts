import { validateReading } from '@thermostream/readings';
import { ingestBodies } from './ingest-bodies.ts';

describe('ingestBodies', () => {
  const { bodies, readings } = ingestBodies({ count: 4, batchSize: 250, seed: 3 });

  it('makes the asked number of JSON array bodies of the batch size, each with other readings', () => {
    expect(bodies).toHaveLength(4);
    const parsed = bodies.map((body) => JSON.parse(body.toString('utf8')) as unknown[]);
    for (const batch of parsed) expect(batch).toHaveLength(250);
    expect(parsed.flat()).toEqual(readings);
    expect(new Set(bodies.map((body) => body.toString('utf8'))).size).toBe(4);
  });

  it('gives only readings http-ingest accepts, inside France', () => {
    for (const reading of readings) {
      expect(validateReading(reading).ok).toBe(true);
      expect(reading.country).toBe('France');
    }
  });

  it('puts a version on corrections only, as partners do', () => {
    const versioned = readings.filter((reading) => 'version' in reading);
    expect(versioned.length).toBeGreaterThan(0);
    expect(versioned.length).toBeLessThan(readings.length * 0.2);
    for (const reading of versioned) expect(reading.version).toBeGreaterThan(1);
  });
});
