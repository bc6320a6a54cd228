import { describe, expect, it } from '@jest/globals';
import { french } from '../../i18n/test-catalogue';
import { profileFieldLabel, profileFieldValue } from './profile-change';

describe('a profile change as people read it', () => {
  it('names each reviewed field in French', () => {
    expect(profileFieldLabel(french, 'name')).toBe('Nom');
    expect(profileFieldLabel(french, 'sizeClass')).toBe('Taille');
    expect(profileFieldLabel(french, 'communeCode')).toBe('Commune');
  });

  it('shows labels for coded values, yes or no for flags, and a dash for none', () => {
    expect(profileFieldValue(french, 'category', 'citizen_group')).toBe('Collectif citoyen');
    expect(profileFieldValue(french, 'sizeClass', 'micro')).toBe('Micro-entreprise (< 10)');
    expect(profileFieldValue(french, 'employer', true)).toBe('Oui');
    expect(profileFieldValue(french, 'employer', false)).toBe('Non');
    expect(profileFieldValue(french, 'name', 'Les Amis du Parc')).toBe('Les Amis du Parc');
    expect(profileFieldValue(french, 'siret', null)).toBe('—');
    expect(profileFieldValue(french, 'rna', '')).toBe('—');
  });
});
