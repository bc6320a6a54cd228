/**
 * The checks the API makes on an actor's fields, so the form can say what is wrong while typing.
 * The identifiers' and the website's rules (SIREN, SIRET, RNA, NAF, website) come from the contract
 * shared with the API (libs/contract); the rest mirror the DTO patterns. Each returns the catalogue
 * key of the message (`directory:check.*`), or undefined.
 */
export { checkNaf, checkRna, checkSiren, checkSiret, checkWebsite, withWebScheme } from '@maillage/contract';

export function checkCommune(value: string): string | undefined {
  if (!value.trim()) return undefined;
  return /^[0-9][0-9AB][0-9]{3}$/.test(value.trim()) ? undefined : 'check.commune';
}

/** A creation date (`AAAA-MM-JJ`, as a date input gives it): a real day, not after `today` (the user's day; the 'sv' locale writes ISO). */
export function checkFoundedOn(value: string, today = new Date().toLocaleDateString('sv')): string | undefined {
  const day = value.trim();
  if (!day) return undefined;
  const date = new Date(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) {
    return 'check.foundedOn';
  }
  return day > today ? 'check.foundedOnFuture' : undefined;
}

/** A coordinate as typed, with a decimal point or a French decimal comma ("45,764" → 45.764); NaN when not a number. */
export function parseCoordinate(value: string): number {
  const text = value.trim().replace(',', '.');
  return text === '' ? Number.NaN : Number(text);
}

/** A website is shown as a link only when it is a web address (never `javascript:` or another scheme). */
export function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Latitude and longitude go together, within their ranges. */
export function checkPoint(latitude: string, longitude: string): { latitude?: string; longitude?: string } {
  const result: { latitude?: string; longitude?: string } = {};
  const lat = latitude.trim();
  const lon = longitude.trim();
  const latValue = parseCoordinate(lat);
  const lonValue = parseCoordinate(lon);
  if (lat && (!Number.isFinite(latValue) || Math.abs(latValue) > 90)) result.latitude = 'check.latitude';
  if (lon && (!Number.isFinite(lonValue) || Math.abs(lonValue) > 180)) result.longitude = 'check.longitude';
  if (!result.latitude && !result.longitude && Boolean(lat) !== Boolean(lon)) result.latitude = 'check.point';
  return result;
}
