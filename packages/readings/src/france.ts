/**
 * The envelope of metropolitan France and Corsica with about 20 km of margin: readings outside
 * cannot be in any region and are dropped early by filter. Region polygons decide the rest.
 */
export const franceEnvelope = { minLat: 41.2, maxLat: 51.3, minLon: -5.3, maxLon: 9.7 } as const;

export function isInFranceEnvelope(lat: number, lon: number): boolean {
  return lat >= franceEnvelope.minLat && lat <= franceEnvelope.maxLat && lon >= franceEnvelope.minLon && lon <= franceEnvelope.maxLon;
}

const franceLabels = new Set(['france', 'fr', 'fra', 'republique francaise']);

/**
 * Partners send few distinct labels, and normalising one cost the filter more than the rest of its
 * checks on a reading; answers are remembered, up to this many labels (then the memory starts over).
 */
const rememberedLabels = 1_000;
const answers = new Map<string, boolean>();

/** Whether a partner's country label means France (case, accents and spacing ignored). */
export function labelsFrance(country: string | null): boolean {
  if (country === null) return false;
  let answer = answers.get(country);
  if (answer === undefined) {
    answer = franceLabels.has(country.normalize('NFD').replace(/\p{Diacritic}/gu, '').trim().toLowerCase());
    if (answers.size >= rememberedLabels) answers.clear();
    answers.set(country, answer);
  }
  return answer;
}
