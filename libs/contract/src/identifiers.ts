/**
 * The official identifiers' rules (SIREN, SIRET, RNA, NAF), shared by the API
 * (libs/ecosystem's actor rules) and the console's forms. Isomorphic: no Node,
 * no Nest, no DOM.
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

/** Appends the Luhn key that makes `digits` a valid SIREN (8 digits given) or SIRET (13 given). */
export function withLuhnKey(digits: string): string {
  for (let key = 0; key <= 9; key += 1) {
    if (luhnValid(`${digits}${key}`)) return `${digits}${key}`;
  }
  throw new Error('unreachable');
}

/** The La Poste group's establishments do not follow Luhn: INSEE checks them by digit sum. */
const LA_POSTE_SIREN = '356000000';

export function sirenValid(siren: string): boolean {
  return /^[0-9]{9}$/.test(siren) && luhnValid(siren);
}

export function siretValid(siret: string): boolean {
  if (!/^[0-9]{14}$/.test(siret)) return false;
  if (siret.startsWith(LA_POSTE_SIREN) && siret !== '35600000000048') {
    return [...siret].reduce((sum, digit) => sum + Number(digit), 0) % 5 === 0;
  }
  return luhnValid(siret);
}

/** Répertoire national des associations: W followed by nine digits. */
export function rnaValid(rna: string): boolean {
  return /^W[0-9]{9}$/.test(rna);
}

/** Normalises "6201z", "62.01Z" or "62 01 Z" to the nomenclature's "62.01Z". */
export function normaliseNaf(code: string): string {
  const compact = code.replace(/[\s.]/g, '').toUpperCase();
  return /^[0-9]{4}[A-Z]$/.test(compact) ? `${compact.slice(0, 2)}.${compact.slice(2)}` : code.trim().toUpperCase();
}

/** Lower-case, accents and punctuation removed: "Coopérative  L'Élan" → "cooperative l elan". */
export function normaliseText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Checks as a form makes them while the user types: each returns the catalogue key of the
 * problem (`check.*`, the console's `directory` namespace), or undefined when the value is
 * empty or valid. Digits may be grouped by single spaces ("732 829 320"), as the API,
 * which removes spaces, accepts them.
 */
export type IdentifierProblem =
  | 'check.sirenLength'
  | 'check.sirenKey'
  | 'check.siretLength'
  | 'check.siretKey'
  | 'check.siretInSiren'
  | 'check.rna'
  | 'check.naf'
  | 'check.website';

const compact = (value: string): string => value.replace(/\s/g, '');

export function checkSiren(value: string): IdentifierProblem | undefined {
  if (!value.trim()) return undefined;
  if (!/^\s*[0-9](\s?[0-9]){8}\s*$/.test(value)) return 'check.sirenLength';
  return sirenValid(compact(value)) ? undefined : 'check.sirenKey';
}

export function checkSiret(value: string, siren = ''): IdentifierProblem | undefined {
  if (!value.trim()) return undefined;
  if (!/^\s*[0-9](\s?[0-9]){13}\s*$/.test(value)) return 'check.siretLength';
  const siret = compact(value);
  if (!siretValid(siret)) return 'check.siretKey';
  const parent = compact(siren);
  if (parent && !checkSiren(parent) && !siret.startsWith(parent)) return 'check.siretInSiren';
  return undefined;
}

export function checkRna(value: string): IdentifierProblem | undefined {
  if (!value.trim()) return undefined;
  return rnaValid(value.trim().toUpperCase()) ? undefined : 'check.rna';
}

/**
 * NAF rév. 2 sub-class in any of the spellings the API reads ("88.99B", "8899B", "88 99 B").
 * The form checks the shape; the API also checks the code exists in the nomenclature.
 */
export function checkNaf(value: string): IdentifierProblem | undefined {
  if (!value.trim()) return undefined;
  return /^[0-9]{2}\.[0-9]{2}[A-Z]$/.test(normaliseNaf(value)) ? undefined : 'check.naf';
}

/** A scheme before the address (`https:`, `mailto:`…), not a host followed by its port (`exemple.fr:8080`). */
const SCHEME = /^[a-z][a-z\d+.-]*:(?!\d)/i;

/**
 * A website as typed, trimmed, with `https://` before it when it has no scheme (« www.exemple.fr »
 * is how people write one; a scheme in capitals, « HTTPS://… », is one); whether it is a web address is
 * `websiteValid`.
 */
export function withWebScheme(value: string): string {
  const website = value.trim();
  return website === '' || SCHEME.test(website) ? website : `https://${website}`;
}

/** The longest website an actor keeps, its scheme counted. */
export const WEBSITE_MAX_LENGTH = 500;

/** A label of a domain name: letters, digits, hyphens inside (an accented name is read in its `xn--` form). */
const DOMAIN_LABEL = /^(?!-)[a-z\d-]{1,63}(?<!-)$/;
/** The last label: letters (« fr », « example »), or an internationalised one in its `xn--` form. */
const TOP_LEVEL_DOMAIN = /^([a-z]{2,63}|xn--[a-z\d-]{1,59})$/;
/**
 * An IPv4 address as typed: four numbers from 0 to 255, without leading zeros. Checked on the host as
 * typed, not as `URL` reads it: `URL` takes « 12345 », « 3.5 » or « 12/03/2024 » (a number or a date
 * in the wrong column) for the addresses 0.0.48.57, 3.0.0.5 and 0.0.0.12.
 */
const IPV4 = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/**
 * Whether a website as typed is a web address, its scheme put before it when missing (`withWebScheme`):
 * http or https (in any case), then `//`, a domain name (« www.exemple.fr »; not « localhost ») or an IPv4
 * address, an optional port and path; no space, and no name before an `@` (« contact@exemple.fr » is a mail
 * address). One cell holding two sites (« www.a.fr, www.b.fr ») is no address. The rule of the API, the
 * console's form and the spreadsheet import.
 */
export function websiteValid(value: string): boolean {
  const website = withWebScheme(value);
  if (!/^https?:\/\/[^/]/i.test(website) || /[\s<>\\]/.test(website)) return false;
  const authority = website.replace(/^https?:\/\//i, '').split(/[/?#]/)[0] ?? '';
  if (authority.includes('@')) return false;
  const typedHost = authority.replace(/:\d*$/, '');
  if (IPV4.test(typedHost)) return true;
  // Only digits and dots, and not an address: a number, a decimal, a date.
  if (/^[\d.]+$/.test(typedHost)) return false;
  let host: string;
  try {
    host = new URL(website).hostname;
  } catch {
    return false;
  }
  if (IPV4.test(host)) return false;
  const labels = host.split('.');
  return (
    host.length <= 253 &&
    labels.length > 1 &&
    labels.every((label) => DOMAIN_LABEL.test(label)) &&
    TOP_LEVEL_DOMAIN.test(labels[labels.length - 1] ?? '')
  );
}

/** A website as a form checks it while the user types: empty is no website (the form sends none). */
export function checkWebsite(value: string): IdentifierProblem | undefined {
  if (!value.trim()) return undefined;
  return websiteValid(value) ? undefined : 'check.website';
}
