/**
 * A seeded generator of partner readings with chosen shares of corrections, exact duplicates,
 * invalid records and readings outside France. Pure: the same seed gives the same readings.
 */
export interface GeneratorShares {
  corrections: number;
  duplicates: number;
  invalid: number;
  foreign: number;
}

export interface PartnerReading {
  id?: unknown;
  timestamp?: unknown;
  lat?: unknown;
  lon?: unknown;
  temperature?: unknown;
  country?: unknown;
  version?: unknown;
}

/** Places inside French regions, with a jitter small enough to stay on land. */
const frenchPlaces: readonly [lat: number, lon: number][] = [
  [48.8566, 2.3522], [45.764, 4.8357], [47.322, 5.0415], [48.1173, -1.6778], [47.9029, 1.9093],
  [41.9192, 8.7386], [48.5734, 7.7521], [50.6292, 3.0573], [49.4432, 1.0999], [44.8378, -0.5792],
  [43.6047, 1.4442], [47.2184, -1.5536], [43.2965, 5.3698],
];

const foreignPlaces: readonly [lat: number, lon: number, country: string][] = [
  [50.8503, 4.3517, 'Belgium'], [46.2044, 6.1432, 'Switzerland'], [41.3874, 2.1686, 'Spain'],
  [45.0703, 7.6869, 'Italy'], [52.52, 13.405, 'Germany'],
];

/** mulberry32: tiny, fast and good enough to make load reproducible. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createReadingGenerator(options: { seed: number; shares: GeneratorShares; startTime: number }) {
  const random = seededRandom(options.seed);
  const issued: PartnerReading[] = [];
  const versions = new Map<string, number>();
  let sequence = 0;

  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const jitter = () => (random() - 0.5) * 0.1;
  const temperature = () => Math.round((random() * 40 - 5) * 10) / 10;
  const timestamp = () => {
    const offsetMs = Math.floor(random() * 6 * 3_600_000);
    return new Date(options.startTime + offsetMs).toISOString().replace('T', ' ').slice(0, 19);
  };
  const id = () => `gen-${options.seed}-${(sequence++).toString(36).padStart(8, '0')}`;

  function fresh(): PartnerReading {
    if (random() < options.shares.foreign) {
      const [lat, lon, country] = pick(foreignPlaces);
      return { id: id(), timestamp: timestamp(), lat: lat + jitter(), lon: lon + jitter(), temperature: temperature(), country, version: 1 };
    }
    const [lat, lon] = pick(frenchPlaces);
    return { id: id(), timestamp: timestamp(), lat: lat + jitter(), lon: lon + jitter(), temperature: temperature(), country: 'France', version: 1 };
  }

  function invalid(): PartnerReading {
    const base = fresh();
    const broken: PartnerReading[] = [
      { ...base, lat: 123.4 },
      { ...base, timestamp: '2026-02-30 10:00:00' },
      { ...base, temperature: 'warm' },
      { ...base, id: '' },
      { ...base, version: 0 },
    ];
    return pick(broken);
  }

  function correction(): PartnerReading {
    const original = pick(issued);
    const readingId = original.id as string;
    const version = (versions.get(readingId) ?? 1) + 1;
    versions.set(readingId, version);
    return { ...original, temperature: temperature(), version };
  }

  return {
    next(): PartnerReading {
      const roll = random();
      const { corrections, duplicates, invalid: invalidShare } = options.shares;
      let reading: PartnerReading;
      if (issued.length > 0 && roll < corrections) reading = correction();
      else if (issued.length > 0 && roll < corrections + duplicates) reading = { ...pick(issued) };
      else if (roll < corrections + duplicates + invalidShare) return invalid();
      else reading = fresh();
      issued.push(reading);
      return reading;
    },
  };
}
