/**
 * The envelope of metropolitan France and Corsica with about 20 km of margin: readings outside
 * cannot be in any region and are dropped early by filter. Region polygons decide the rest.
 */
export const franceEnvelope = { minLat: 41.2, maxLat: 51.3, minLon: -5.3, maxLon: 9.7 } as const;

export function isInFranceEnvelope(lat: number, lon: number): boolean {
  return lat >= franceEnvelope.minLat && lat <= franceEnvelope.maxLat && lon >= franceEnvelope.minLon && lon <= franceEnvelope.maxLon;
}

const franceLabels = new Set(['france', 'fr', 'fra', 'republique francaise']);

/** Whether a partner's country label means France (case, accents and spacing ignored). */
export function labelsFrance(country: string | null): boolean {
  if (country === null) return false;
  const normalised = country.normalize('NFD').replace(/\p{Diacritic}/gu, '').trim().toLowerCase();
  return franceLabels.has(normalised);
}
