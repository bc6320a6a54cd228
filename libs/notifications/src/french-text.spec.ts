import { describe, expect, it } from '@jest/globals';
import { PUBLIC_PROFILE_FIELDS, REVIEWED_PROFILE_FIELDS } from '@maillage/contract';
import { elided, profileFieldList } from './french-text.js';

describe('French elision before a name', () => {
  it.each([
    ['Amicale laïque', 'd’Amicale laïque'],
    ['Élise Entreprise', 'd’Élise Entreprise'],
    ['écoute solidaire', 'd’écoute solidaire'],
    ['Œuvre des jardins', 'd’Œuvre des jardins'],
    ['Îlot vert', 'd’Îlot vert'],
    ['Yvelines Actives', 'd’Yvelines Actives'],
    ['Uniscité', 'd’Uniscité'],
  ])('elides « de » before « %s »', (name, expected) => {
    expect(elided('de', name)).toBe(expected);
  });

  it('keeps « de » before a consonant and before any h (no dictionary of mute h)', () => {
    expect(elided('de', 'Passerelles Emploi')).toBe('de Passerelles Emploi');
    expect(elided('de', 'Habitat et Humanisme')).toBe('de Habitat et Humanisme');
    expect(elided('de', '« Atelier »')).toBe('de « Atelier »');
  });

  it('elides « que » the same way', () => {
    expect(elided('que', 'Amicale laïque')).toBe('qu’Amicale laïque');
    expect(elided('que', 'Mission locale')).toBe('que Mission locale');
  });
});

describe('profile fields in a sentence', () => {
  it('names the fields by their French labels, acronyms as written', () => {
    expect(profileFieldList(['name', 'siret'])).toBe('nom, SIRET');
    expect(profileFieldList(['siret', 'foundedOn'])).toBe('SIRET, date de création');
    expect(profileFieldList(['nafCode', 'communeCode'])).toBe('code NAF, commune');
  });

  it('has a label for every field of the profile, and never shows a code', () => {
    const unlabelled = [...PUBLIC_PROFILE_FIELDS, ...REVIEWED_PROFILE_FIELDS].filter(
      (field) => profileFieldList([field]) === '',
    );
    expect(unlabelled).toEqual([]);
    expect(profileFieldList(['unknownField'])).toBe('');
  });
});
