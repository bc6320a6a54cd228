import {
  luhnValid,
  nafLabel,
  normaliseName,
  normaliseNaf,
  normaliseText,
  rnaValid,
  sirenValid,
  siretValid,
} from './identifiers.js';
import { withWebScheme } from '@maillage/contract';

describe('official identifiers', () => {
  it('checks SIREN numbers with the Luhn key', () => {
    expect(sirenValid('732829320')).toBe(true); // a real, Luhn-valid SIREN
    expect(sirenValid('200046977')).toBe(true); // Métropole de Lyon
    expect(sirenValid('732829321')).toBe(false);
    expect(sirenValid('73282932')).toBe(false);
    expect(sirenValid('73282932A')).toBe(false);
  });

  it('checks SIRET numbers with the Luhn key, and La Poste’s by digit sum', () => {
    expect(siretValid('73282932000074')).toBe(true);
    expect(siretValid('73282932000075')).toBe(false);
    expect(siretValid('35600000000048')).toBe(true);
    expect(siretValid('35600000012341')).toBe(true); // digit sum 25: a multiple of 5
    expect(siretValid('35600000012342')).toBe(false);
    expect(luhnValid('0')).toBe(true);
  });

  it('checks RNA numbers', () => {
    expect(rnaValid('W691234567')).toBe(true);
    expect(rnaValid('w691234567')).toBe(false);
    expect(rnaValid('W69123456')).toBe(false);
  });

  it('knows the NAF sub-classes and normalises their spelling', () => {
    expect(nafLabel('62.01Z')).toBe('Programmation informatique');
    expect(nafLabel('94.99Z')).toMatch(/organisations/i);
    expect(nafLabel('62.01')).toBeUndefined();
    expect(nafLabel('99.99Z')).toBeUndefined();
    expect(normaliseNaf('6201z')).toBe('62.01Z');
    expect(normaliseNaf(' 62.01Z ')).toBe('62.01Z');
  });

  it('normalises text and names for search and duplicate detection', () => {
    expect(normaliseText('Coopérative  L’Élan-Solidaire')).toBe('cooperative l elan solidaire');
    expect(normaliseName('Association Les Jardins de Cocagne')).toBe('jardins cocagne');
    expect(normaliseName('SARL Jardins  de Cocagne')).toBe(normaliseName('Jardins de Cocagne'));
  });

  it('puts https:// before a website typed without its scheme, and leaves one that has a scheme as it is', () => {
    expect(withWebScheme(' www.exemple.fr ')).toBe('https://www.exemple.fr');
    expect(withWebScheme('exemple.fr:8080/agenda')).toBe('https://exemple.fr:8080/agenda');
    expect(withWebScheme('http://exemple.fr')).toBe('http://exemple.fr');
    expect(withWebScheme('HTTPS://EXEMPLE.FR')).toBe('HTTPS://EXEMPLE.FR');
    // Another scheme stays, for the check to refuse it.
    expect(withWebScheme('javascript:alert(1)')).toBe('javascript:alert(1)');
    expect(withWebScheme('mailto:contact@exemple.fr')).toBe('mailto:contact@exemple.fr');
    expect(withWebScheme('  ')).toBe('');
  });
});
