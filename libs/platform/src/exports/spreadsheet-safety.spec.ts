import { asciiSlug, neutraliseFormula } from './spreadsheet-safety.js';

describe('spreadsheet safety', () => {
  it.each(['=1+1', '+33 6', '-2', '@SUM(A1)', '\tx', '\rx'])('neutralises %j with a leading quote', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });

  it('leaves other text alone', () => {
    expect(neutraliseFormula('Association 1=2')).toBe('Association 1=2');
  });

  it('makes ASCII slugs for file names', () => {
    expect(asciiSlug('Grenoble-Alpes Métropole')).toBe('grenoble-alpes-metropole');
    expect(asciiSlug('Œuvre « ça »')).toBe('oeuvre-ca');
    expect(asciiSlug('')).toBe('territoire');
  });
});
