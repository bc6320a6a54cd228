import { GeographyService } from './geography.service.js';

describe('official areas searched by name', () => {
  const geography = new GeographyService();
  const first = (text: string) => geography.search(text, 20)[0];

  it('puts the exact name first, the most populated one among equals', () => {
    expect(first('Grenoble')).toMatchObject({
      kind: 'commune',
      code: '38185',
      name: 'Grenoble',
      departement: { code: '38', name: 'Isère' },
    });
    expect(first('grenoble')?.population).toBeGreaterThan(100_000);
    expect(first('lyon')).toMatchObject({ kind: 'commune', code: '69123' });
    expect(first('Isère')).toMatchObject({ kind: 'departement', code: '38', departement: null });
    expect(first('auvergne rhone alpes')).toMatchObject({ kind: 'region', code: '84' });
  });

  it('reads "St", accents and case loosely, and matches words and prefixes', () => {
    expect(first('St Etienne')).toMatchObject({ code: '42218' });
    expect(first('ST-ÉTIENNE')).toMatchObject({ code: '42218' });
    expect(first('Saint-Étienne')).toMatchObject({ code: '42218' });
    expect(geography.search('metropole lyon').map((hit) => hit.code)).toContain('200046977');
    const epci = geography.search('Métropole de Lyon').find((hit) => hit.kind === 'epci');
    expect(epci).toMatchObject({ code: '200046977', departement: { code: '69' } });
    expect(epci?.population).toBeGreaterThan(1_000_000);
    const prefix = geography.search('Villeurb');
    expect(prefix[0]).toMatchObject({ code: '69266' });
  });

  it('ranks exact, then prefix, then contained names, and stays within the limit', () => {
    const hits = geography.search('Villeneuve', 20);
    expect(hits).toHaveLength(20);
    const exact = hits.filter((hit) => hit.name === 'Villeneuve');
    expect(hits.slice(0, exact.length)).toEqual(exact);
    expect(exact.length).toBe(6);
    const populations = exact.map((hit) => hit.population);
    expect(populations).toEqual([...populations].sort((a, b) => b - a));
    expect(geography.search('', 20)).toEqual([]);
    expect(geography.search('zzzzzz', 20)).toEqual([]);
  });

  it('filters by kind', () => {
    expect(geography.search('Rhône', 20, ['departement']).map((hit) => hit.code)).toEqual(['69', '13']);
  });
});
