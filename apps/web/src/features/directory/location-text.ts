/**
 * An actor's position in words, for its page: the coordinates as the reader's language writes
 * numbers (« 45,1458 ; 5,7186 » in French) and how precise they are, in one phrase. Plain
 * TypeScript: unit-tested on its own.
 */

/** Coordinates are kept to the millionth of a degree (about 10 cm): no more digits than that. */
export const COORDINATE_DIGITS = { maximumFractionDigits: 6 } as const;

/**
 * « 45,1458 ; 5,7186 (position approximative : centre de la commune) », or a dash without a point.
 * `formatNumber` writes a number the reader's way (the console's `formatNumber`, given `COORDINATE_DIGITS`).
 */
export function locationText(
  t: (key: string, options?: Record<string, unknown>) => string,
  location: { latitude: number; longitude: number } | null | undefined,
  precision: string | null | undefined,
  formatNumber: (value: number) => string,
): string {
  if (!location) return '—';
  const point = t('directory:actor.coordinates', {
    latitude: formatNumber(location.latitude),
    longitude: formatNumber(location.longitude),
  });
  return precision ? `${point} (${t(`directory:actor.precision.${precision}`)})` : point;
}
