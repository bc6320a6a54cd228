import { distanceMeters, DuplicateFinder, type Known } from './dedupe.js';

const base = { siren: null, siret: null, rna: null, communeCode: null, latitude: null, longitude: null };

describe('duplicate detection', () => {
  const finder = new DuplicateFinder();
  const known = (actorId: string, fields: Partial<Known>): Known => ({
    ...base,
    name: 'x',
    ...fields,
    ref: { actorId },
  });
  finder.add(known('a', { name: 'Atelier Numérique', siret: '73282932000074', siren: '732829320' }));
  finder.add(known('b', { name: 'Association Les Jardins de Cocagne', rna: 'W691234567', communeCode: '69266' }));
  finder.add(known('c', { name: 'Café solidaire', latitude: 45.764, longitude: 4.8357 }));

  it('matches the same SIRET, SIREN or RNA first', () => {
    expect(finder.find({ ...base, name: 'Autre nom', siret: '73282932000074' })).toMatchObject({
      known: { ref: { actorId: 'a' } },
      reason: 'siret',
    });
    expect(finder.find({ ...base, name: 'Autre nom', siren: '732829320' })).toMatchObject({ reason: 'siren' });
    expect(finder.find({ ...base, name: 'Autre nom', rna: 'W691234567' })).toMatchObject({
      known: { ref: { actorId: 'b' } },
      reason: 'rna',
    });
  });

  it('keeps two establishments of one company apart when both SIRETs differ', () => {
    expect(finder.find({ ...base, name: 'Atelier Numérique Nord', siret: '73282932000009' })).toBeUndefined();
  });

  it('matches the same normalised name in the same commune', () => {
    expect(finder.find({ ...base, name: 'Jardins de Cocagne (asso)', communeCode: '69266' })).toMatchObject({
      reason: 'name_and_commune',
    });
    expect(finder.find({ ...base, name: 'JARDINS DE COCAGNE', communeCode: '69123' })).toBeUndefined();
  });

  it('matches the same name within 400 m, not beyond', () => {
    expect(finder.find({ ...base, name: 'Cafe Solidaire', latitude: 45.7655, longitude: 4.838 })).toMatchObject({
      reason: 'name_and_distance',
    });
    expect(finder.find({ ...base, name: 'Café solidaire', latitude: 45.78, longitude: 4.8357 })).toBeUndefined();
  });

  it('measures distances on the sphere', () => {
    expect(distanceMeters({ latitude: 45.764, longitude: 4.8357 }, { latitude: 45.764, longitude: 4.8357 })).toBe(0);
    const lyonGrenoble = distanceMeters(
      { latitude: 45.764, longitude: 4.8357 },
      { latitude: 45.1885, longitude: 5.7245 },
    );
    expect(Math.round(lyonGrenoble / 1000)).toBe(94);
  });
});
