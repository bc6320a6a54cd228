import { describe, expect, it } from '@jest/globals';
import { INTL_LOCALES, localeOf } from './locale';

describe('the console’s language for a language tag', () => {
  it('reads a language with a region as that language', () => {
    expect(localeOf('en')).toBe('en');
    expect(localeOf('en-GB')).toBe('en');
    expect(localeOf('en-US')).toBe('en');
    expect(localeOf('EN')).toBe('en');
    expect(localeOf('fr')).toBe('fr');
    expect(localeOf('fr-CA')).toBe('fr');
  });

  it('falls back to French for a language the console does not speak, or none', () => {
    expect(localeOf('de')).toBe('fr');
    expect(localeOf('')).toBe('fr');
    expect(localeOf(undefined)).toBe('fr');
  });

  it('writes English numbers with a decimal point and French ones with a comma', () => {
    const number = (language: string) => new Intl.NumberFormat(INTL_LOCALES[localeOf(language)]).format(45.25);
    expect(number('en-GB')).toBe('45.25');
    expect(number('fr')).toBe('45,25');
  });
});
