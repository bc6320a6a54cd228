/** Appends the Luhn check digit that makes `digits` a valid SIREN or SIRET. */
export function withLuhnKey(digits: string): string {
  for (let key = 0; key <= 9; key += 1) {
    const candidate = `${digits}${key}`;
    let sum = 0;
    for (let index = 0; index < candidate.length; index += 1) {
      let digit = Number(candidate[candidate.length - 1 - index]);
      if (index % 2 === 1) {
        digit *= 2;
        if (digit > 9) digit -= 9;
      }
      sum += digit;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

/** A valid SIREN and a SIRET of one of its establishments, from a seed number. */
export function companyIds(seed: number): { siren: string; siret: string } {
  const siren = withLuhnKey(String(40_000_000 + seed).padStart(8, '0'));
  return { siren, siret: withLuhnKey(`${siren}0001`) };
}
