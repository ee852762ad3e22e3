/**
 * A seeded generator of partner readings with chosen shares of corrections, exact duplicates,
 * invalid records and readings outside France, spread over a day of event time. Pure: the same
 * seed gives the same readings.
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

/**
 * How reading ids look: random UUIDs as partners send them, or the sequential ids earlier
 * benchmarks used, whose neighbouring keys flatter index and partition locality.
 */
export type IdStyle = 'uuid' | 'sequential';
export const idStyles: readonly IdStyle[] = ['uuid', 'sequential'];

/** A day's traffic: readings' event times spread over this many hours from the start time. */
export const eventHours = 24;

/** mulberry32: tiny, fast and good enough to make load reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A version 4 UUID (`crypto.randomUUID()`'s shape) whose 122 random bits come from `random`, so
 * a seed gives the same ids again.
 */
export function seededUuid(random: () => number): string {
  const bytes = new Uint8Array(16);
  for (let word = 0; word < 4; word += 1) {
    const value = Math.floor(random() * 2 ** 32);
    bytes.set([value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff], word * 4);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Fresh reading ids, `<prefix>-<seed>-<sequence>` or UUIDs. UUIDs draw from a stream of their own
 * (one per prefix, so two sources of a seed never collide), so that the readings of a seed are
 * the same whichever style their ids have.
 */
export function createIdSource(options: { seed: number; style: IdStyle; prefix: string }): () => string {
  if (options.style === 'uuid') {
    const random = seededRandom(options.seed ^ fnv1a(options.prefix));
    return () => seededUuid(random);
  }
  let sequence = 0;
  return () => `${options.prefix}-${options.seed}-${(sequence++).toString(36).padStart(8, '0')}`;
}

/** 32-bit FNV-1a of a short text: a stream number from a name. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash >>> 0;
}

export function createReadingGenerator(options: { seed: number; shares: GeneratorShares; startTime: number; ids?: IdStyle }) {
  const random = seededRandom(options.seed);
  const issued: PartnerReading[] = [];
  const versions = new Map<string, number>();
  const id = createIdSource({ seed: options.seed, style: options.ids ?? 'uuid', prefix: 'gen' });

  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const jitter = () => (random() - 0.5) * 0.1;
  const temperature = () => Math.round((random() * 40 - 5) * 10) / 10;
  const timestamp = () => {
    const offsetMs = Math.floor(random() * eventHours * 3_600_000);
    return new Date(options.startTime + offsetMs).toISOString().replace('T', ' ').slice(0, 19);
  };

  /** A place in France, or abroad for the foreign share, labelled with its country. */
  function somewhere(): { lat: number; lon: number; country: string } {
    if (random() < options.shares.foreign) {
      const [lat, lon, country] = pick(foreignPlaces);
      return { lat: lat + jitter(), lon: lon + jitter(), country };
    }
    const [lat, lon] = pick(frenchPlaces);
    return { lat: lat + jitter(), lon: lon + jitter(), country: 'France' };
  }

  function fresh(): PartnerReading {
    return { id: id(), timestamp: timestamp(), ...somewhere(), temperature: temperature(), version: 1 };
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

  /** A new version of an issued id: another temperature, and sometimes another place (in France or not) or hour. */
  function correction(): PartnerReading {
    const original = pick(issued);
    const readingId = original.id as string;
    const version = (versions.get(readingId) ?? 1) + 1;
    versions.set(readingId, version);
    const change = random();
    if (change < 0.2) return { ...original, ...somewhere(), temperature: temperature(), version };
    if (change < 0.35) return { ...original, timestamp: timestamp(), temperature: temperature(), version };
    return { ...original, temperature: temperature(), version };
  }

  /**
   * What the pipeline must compute from everything issued so far: per region and hour, the count and
   * the sum in tenths of a degree of the latest version of each id. `assign` is the region assigner
   * the pipeline uses; readings it places in no region count nowhere.
   */
  function expectedAggregates(assign: (lat: number, lon: number) => string | null): Map<string, { points: number; sumTenths: number }> {
    const latest = new Map<string, PartnerReading>();
    for (const reading of issued) {
      const previous = latest.get(reading.id as string);
      if (previous === undefined || (reading.version as number) > (previous.version as number)) latest.set(reading.id as string, reading);
    }
    const aggregates = new Map<string, { points: number; sumTenths: number }>();
    for (const reading of latest.values()) {
      const regionCode = assign(reading.lat as number, reading.lon as number);
      if (regionCode === null) continue;
      const hour = `${(reading.timestamp as string).slice(0, 13).replace(' ', 'T')}:00:00.000Z`;
      const key = `${regionCode}|${hour}`;
      const aggregate = aggregates.get(key) ?? { points: 0, sumTenths: 0 };
      aggregate.points += 1;
      aggregate.sumTenths += Math.round((reading.temperature as number) * 10);
      aggregates.set(key, aggregate);
    }
    return aggregates;
  }

  return {
    expectedAggregates,
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
