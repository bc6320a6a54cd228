import { createRequire } from 'node:module';
import { normaliseText } from '@maillage/contract';

// The identifiers' rules live in the contract shared with the console (libs/contract).
export { luhnValid, normaliseNaf, normaliseText, rnaValid, sirenValid, siretValid } from '@maillage/contract';

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
