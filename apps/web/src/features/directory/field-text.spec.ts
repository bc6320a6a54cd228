import { describe, expect, it } from '@jest/globals';
import { french } from '../../i18n/test-catalogue';
import { changesText, fieldLabel, fieldLabels, fieldValue } from './field-text';

describe('an actor’s fields in words', () => {
  it('names each field in French, the point’s two coordinates as one', () => {
    expect(fieldLabel(french, 'communeCode')).toBe('Code commune INSEE');
    expect(fieldLabels(french, ['tags', 'latitude', 'longitude', 'description'])).toBe(
      'Description, Coordonnées (latitude, longitude), Mots-clés',
    );
  });

  it('says values in words: enums by their label, flags as yes or no, lists joined, empty as a dash', () => {
    expect(fieldValue(french, 'category', 'company')).not.toBe('company');
    expect(fieldValue(french, 'sizeClass', 'micro')).toBe('Micro-entreprise (< 10)');
    expect(fieldValue(french, 'employer', true)).toBe('Oui, employeuse');
    expect(fieldValue(french, 'employer', false)).toBe('Non, sans salarié');
    expect(fieldValue(french, 'tags', ['numérique', 'réemploi'])).toBe('numérique, réemploi');
    expect(fieldValue(french, 'fragilities', [])).toBe('—');
    expect(fieldValue(french, 'website', null)).toBe('—');
    expect(fieldValue(french, 'foundedOn', '2019-09-01')).toBe('01/09/2019');
  });

  it('writes coordinates with a decimal comma, as French readers write them', () => {
    expect(fieldValue(french, 'latitude', 45.7719)).toBe('45,7719');
    expect(fieldValue(french, 'longitude', -0.1234567)).toBe('-0,123457');
    expect(changesText(french, { latitude: { old: 45.76, new: 45.7719 }, longitude: { old: null, new: 4.8357 } })).toBe(
      'Coordonnées (latitude, longitude) : 45,76 → 45,7719 ; Coordonnées (latitude, longitude) : — → 4,8357',
    );
    // The console's own number format (the reader's language) when given.
    expect(fieldValue(french, 'latitude', 45.7719, (value) => value.toFixed(2))).toBe('45.77');
  });

  it('writes a change request as labels with the old and the new value, never a raw code', () => {
    const text = changesText(french, {
      name: { old: 'Atelier', new: 'Atelier Numérique' },
      sizeClass: { old: 'sme', new: 'micro' },
    });
    expect(text).toBe(
      'Nom : Atelier → Atelier Numérique ; Taille de l’entreprise : PME (10–249) → Micro-entreprise (< 10)',
    );
    expect(changesText(french, { nafCode: { old: null, new: '62.01Z' } }, false)).toBe('Code NAF / APE : 62.01Z');
  });
});
