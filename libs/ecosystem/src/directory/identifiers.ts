import { createRequire } from 'node:module';

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

const require = createRequire(import.meta.url);
let nafCodes: Map<string, string> | undefined;

/** The sub-class (five-character) codes of the NAF rév. 2 nomenclature, from @socialgouv/codes-naf. */
export function nafLabel(code: string): string | undefined {
  nafCodes ??= new Map(
    (require('@socialgouv/codes-naf') as { id: string; label: string }[])
      .filter((entry) => /^[0-9]{2}\.[0-9]{2}[A-Z]$/.test(entry.id))
      .map((entry) => [entry.id, entry.label]),
  );
  return nafCodes.get(code);
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

/** For duplicate detection: legal forms and filler words do not tell two organisations apart. */
const NOISE = new Set([
  'association',
  'asso',
  'sarl',
  'sas',
  'sasu',
  'sa',
  'eurl',
  'scop',
  'scic',
  'la',
  'le',
  'les',
  'l',
  'de',
  'des',
  'du',
  'd',
  'et',
]);

export function normaliseName(name: string): string {
  return normaliseText(name)
    .split(' ')
    .filter((word) => word && !NOISE.has(word))
    .join(' ');
}
