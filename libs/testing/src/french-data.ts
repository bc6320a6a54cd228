import { withLuhnKey } from '@maillage/contract';

/** The Luhn key helper, from the contract (kept here for the tests that import it from the testing kit). */
export { withLuhnKey };

/** A valid SIREN and a SIRET of one of its establishments, from a seed number. */
export function companyIds(seed: number): { siren: string; siret: string } {
  const siren = withLuhnKey(String(40_000_000 + seed).padStart(8, '0'));
  return { siren, siret: withLuhnKey(`${siren}0001`) };
}
