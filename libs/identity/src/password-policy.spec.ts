import { passwordProblem } from './password-policy.js';

describe('passwordProblem', () => {
  it('refuses short passwords', () => {
    expect(passwordProblem('court')).toMatch(/au moins 12 caractères/);
  });

  it('refuses the commonest passwords and trivial repetitions, whatever their length', () => {
    expect(passwordProblem('password123456')).toMatch(/trop courant/);
    expect(passwordProblem('aaaaaaaaaaaaaaaa')).toMatch(/trop courant/);
    expect(passwordProblem('abababababababab')).toMatch(/trop courant/);
  });

  it('refuses passwords made from the account’s e-mail', () => {
    expect(passwordProblem('claire.martin-2026!', 'claire.martin@example.org')).toMatch(/adresse e-mail/);
  });

  it('accepts long, uncommon passwords', () => {
    expect(passwordProblem('Châtaignier-des-Cévennes-1789', 'claire@example.org')).toBeUndefined();
    expect(passwordProblem('x'.repeat(201))).toMatch(/dépasser 200/);
  });
});
