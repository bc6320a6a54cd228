/**
 * The checks the API makes on an actor's identifiers (libs/ecosystem/src/directory/identifiers.ts,
 * actor-rules.ts and the DTO patterns), so the form can say what is wrong while typing.
 * Each returns the catalogue key of the API's message (`directory:check.*`), or undefined.
 */

/** Luhn checksum, as INSEE uses for SIREN and SIRET. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The La Poste group's establishments do not follow Luhn: INSEE checks them by digit sum. */
const LA_POSTE_SIREN = '356000000';

const compact = (value: string): string => value.replace(/\s/g, '');

export function checkSiren(value: string): string | undefined {
  if (!value.trim()) return undefined;
  if (!/^\s*[0-9](\s?[0-9]){8}\s*$/.test(value)) return 'check.sirenLength';
  return luhnValid(compact(value)) ? undefined : 'check.sirenKey';
}

export function checkSiret(value: string, siren = ''): string | undefined {
  if (!value.trim()) return undefined;
  if (!/^\s*[0-9](\s?[0-9]){13}\s*$/.test(value)) return 'check.siretLength';
  const siret = compact(value);
  const valid =
    siret.startsWith(LA_POSTE_SIREN) && siret !== '35600000000048'
      ? [...siret].reduce((sum, digit) => sum + Number(digit), 0) % 5 === 0
      : luhnValid(siret);
  if (!valid) return 'check.siretKey';
  const parent = compact(siren);
  if (parent && !checkSiren(parent) && !siret.startsWith(parent)) return 'check.siretInSiren';
  return undefined;
}

export function checkRna(value: string): string | undefined {
  if (!value.trim()) return undefined;
  return /^W[0-9]{9}$/.test(value.trim().toUpperCase()) ? undefined : 'check.rna';
}

/** NAF rév. 2 sub-class: "88.99B" (the API also reads "8899B" or "88 99 B"; it checks the code exists). */
export function checkNaf(value: string): string | undefined {
  if (!value.trim()) return undefined;
  return /^[0-9]{4}[A-Z]$/.test(value.replace(/[\s.]/g, '').toUpperCase()) ? undefined : 'check.naf';
}

export function checkCommune(value: string): string | undefined {
  if (!value.trim()) return undefined;
  return /^[0-9][0-9AB][0-9]{3}$/.test(value.trim()) ? undefined : 'check.commune';
}

export function checkWebsite(value: string): string | undefined {
  if (!value.trim()) return undefined;
  try {
    const url = new URL(value.trim());
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.')
      ? undefined
      : 'check.website';
  } catch {
    return 'check.website';
  }
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
