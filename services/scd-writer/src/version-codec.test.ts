import type { CurrentVersion } from './plan-versions.ts';
import { decodeVersion, encodeVersion } from './version-codec.ts';

const paris: CurrentVersion = {
  readingId: '0b9e3c1e-7c43-4c8e-9a51-2f4d0c6a8e11',
  version: 1_733_500_000_123,
  regionCode: 'FR-IDF',
  hour: Date.UTC(2026, 11, 6, 10),
  eventTime: Date.UTC(2026, 11, 6, 10, 15, 30, 250),
  temperature: -3.1415926535,
  lat: 48.8566,
  lon: 2.3522,
  validFrom: Date.UTC(2026, 11, 6, 10, 15, 31),
};

describe('the local store’s value of a current version', () => {
  it('decodes what it encoded, exactly, in the region and abroad', () => {
    expect(decodeVersion(paris.readingId, encodeVersion(paris))).toEqual(paris);
    const atSea = { ...paris, readingId: 'sea', regionCode: null, temperature: 0.1 + 0.2 };
    expect(decodeVersion('sea', encodeVersion(atSea))).toEqual(atSea);
  });

  it('refuses a region code longer than its length byte', () => {
    expect(() => encodeVersion({ ...paris, regionCode: 'R'.repeat(300) })).toThrow('too long for the local store');
  });

});
