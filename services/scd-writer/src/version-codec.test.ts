import type { CurrentVersion } from './plan-versions.ts';
import { decodeVersion, encodeVersion } from './version-codec.ts';

const paris: CurrentVersion = {
  reading_id: '0b9e3c1e-7c43-4c8e-9a51-2f4d0c6a8e11',
  version: 1_733_500_000_123,
  region_code: 'FR-IDF',
  hour: Date.UTC(2026, 11, 6, 10),
  event_time: Date.UTC(2026, 11, 6, 10, 15, 30, 250),
  temperature: -3.1415926535,
  lat: 48.8566,
  lon: 2.3522,
  valid_from: Date.UTC(2026, 11, 6, 10, 15, 31),
};

describe('the local store’s value of a current version', () => {
  it('decodes what it encoded, exactly, in the region and abroad', () => {
    expect(decodeVersion(paris.reading_id, encodeVersion(paris))).toEqual(paris);
    const atSea = { ...paris, reading_id: 'sea', region_code: null, temperature: 0.1 + 0.2 };
    expect(decodeVersion('sea', encodeVersion(atSea))).toEqual(atSea);
  });

  it('refuses a region code longer than its length byte', () => {
    expect(() => encodeVersion({ ...paris, region_code: 'R'.repeat(300) })).toThrow('too long for the local store');
  });

});
