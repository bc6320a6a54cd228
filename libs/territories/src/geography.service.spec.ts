import { GeographyService } from './geography.service.js';

describe('GeographyService (official data from @etalab/decoupage-administratif)', () => {
  const geography = new GeographyService();

  it('resolves a commune with its parents', () => {
    const lyon = geography.resolveOfficial('commune', '69123');
    expect(lyon).toMatchObject({
      name: 'Lyon',
      regionCodes: ['84'],
      departementCodes: ['69'],
      epciCode: '200046977',
      communeCodes: ['69123'],
    });
    expect(lyon?.population).toBeGreaterThan(400_000);
  });

  it('resolves an EPCI to its member communes', () => {
    const metropole = geography.resolveOfficial('epci', '200046977');
    expect(metropole?.name).toBe('Métropole de Lyon');
    expect(metropole?.communeCodes).toContain('69266');
    expect(metropole?.communeCodes.length).toBeGreaterThan(50);
  });

  it('resolves départements (Corsica included) and régions', () => {
    expect(geography.resolveOfficial('departement', '2A')?.name).toBe('Corse-du-Sud');
    const rhone = geography.resolveOfficial('departement', '69');
    expect(rhone?.regionCodes).toEqual(['84']);
    const ara = geography.resolveOfficial('region', '84');
    expect(ara?.name).toBe('Auvergne-Rhône-Alpes');
    expect(ara?.departementCodes).toEqual(expect.arrayContaining(['01', '69', '74']));
  });

  it('answers undefined for unknown codes and kinds that do not match', () => {
    expect(geography.resolveOfficial('commune', '99999')).toBeUndefined();
    expect(geography.resolveOfficial('region', '69')).toBeUndefined();
    expect(geography.resolveOfficial('epci', '000000000')).toBeUndefined();
  });

  it('resolves a custom grouping and lists unknown communes', () => {
    const custom = geography.resolveCustom('Bassin de vie', ['69266', '69123']);
    expect(custom).toMatchObject({ name: 'Bassin de vie', communeCodes: ['69123', '69266'], epciCode: '200046977' });
    expect(geography.resolveCustom('X', ['69123', '00000'])).toEqual({ unknown: ['00000'] });
  });
});
