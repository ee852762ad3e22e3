import { createReadingGenerator, type PartnerReading } from '../reading-generator.ts';

export interface IngestBodies {
  /** JSON arrays of readings, each the body of one POST. */
  bodies: Buffer[];
  /** Every reading of every body, in order. */
  readings: PartnerReading[];
}

/** Partners label a correction with its version and usually send the first version without one. */
const correctionShare = 0.05;

/**
 * Distinct request bodies of valid readings over France, so that every request carries other
 * records; only corrections carry a `version`.
 */
export function ingestBodies(options: { count: number; batchSize: number; seed: number }): IngestBodies {
  const generator = createReadingGenerator({
    seed: options.seed,
    startTime: Date.UTC(2026, 0, 1),
    shares: { corrections: correctionShare, duplicates: 0, invalid: 0, foreign: 0 },
  });
  const readings: PartnerReading[] = [];
  const bodies = Array.from({ length: options.count }, () => {
    const batch = Array.from({ length: options.batchSize }, () => {
      const { version, ...reading } = generator.next();
      return version === 1 ? reading : { ...reading, version };
    });
    readings.push(...batch);
    return Buffer.from(JSON.stringify(batch));
  });
  return { bodies, readings };
}
