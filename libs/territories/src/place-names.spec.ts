import { countOperations } from '@maillage/testing/operation-count.js';
import { GeographyService } from './geography.service.js';
import { placeKey } from './place-names.js';

describe('place names as French spreadsheets write them', () => {
  const geography = new GeographyService();
  const code = (text: string, hints?: { postalCode?: string; departement?: string }) => {
    const resolved = geography.resolveCommune(text, hints);
    return resolved.ok ? resolved.code : resolved.message;
  };

  it('compares names with case, accents, ligatures, punctuation and "St" ignored', () => {
    expect(placeKey('Saint-Étienne')).toBe('saint etienne');
    expect(placeKey('ST-ETIENNE')).toBe('saint etienne');
    expect(placeKey('St Etienne')).toBe('saint etienne');
    expect(placeKey('Ste-Foy-lès-Lyon')).toBe('sainte foy les lyon');
    expect(placeKey('Œuilly')).toBe('oeuilly');
    expect(placeKey('L’Isle-d’Abeau')).toBe('l isle d abeau');
    expect(placeKey('Châlons-s/-Marne')).toBe('chalons sur marne');
    // "st" only as a word: "Ester", "Pasteur" stay as they are.
    expect(placeKey('Pasteur')).toBe('pasteur');
  });

  it.each([
    ['Saint-Étienne', '42218'],
    ['St Etienne', '42218'],
    ['ST-ETIENNE', '42218'],
    ['saint etienne', '42218'],
    ['Grenoble', '38185'],
    ['GRENOBLE', '38185'],
    ['38000 Grenoble', '38185'],
    ['Grenoble 38000', '38185'],
    ['Grenoble (38)', '38185'],
    ['Grenoble (Isère)', '38185'],
    ["L'Isle-d'Abeau", '38193'],
    ['L’Isle d’Abeau', '38193'],
    ['Isle-d’Abeau', '38193'],
    ["l'isle d abeau", '38193'],
    ['Villeurbanne', '69266'],
    ['Lyon', '69123'],
    ['Lyon 3e', '69123'],
    ['Lyon 3ème', '69123'],
    ['Lyon 1er Arrondissement', '69123'],
    ['Marseille 1er arrondissement', '13055'],
    ['Marseille 1er', '13055'],
    ['Paris 15e Arrondissement', '75056'],
    ['Paris 15e', '75056'],
    ['PARIS 8EME', '75056'],
    ['Villeneuve (04)', '04242'],
    ['Villeneuve (Gironde)', '33551'],
    ['Œuilly (51)', '51410'],
    ['Oeuilly (02)', '02565'],
    ['Sainte-Foy-lès-Lyon', '69202'],
    ['Ste Foy les Lyon', '69202'],
    ['Ajaccio', '2A004'],
  ])('reads « %s » as %s', (text, expected) => {
    expect(code(text)).toBe(expected);
  });

  it('reads INSEE codes, Excel-trimmed ones, arrondissement codes and postal codes', () => {
    expect(code('69123')).toBe('69123');
    expect(code('1053')).toBe('01053'); // Bourg-en-Bresse, its leading zero lost in a spreadsheet
    expect(code('2A004')).toBe('2A004');
    expect(code('69383')).toBe('69123'); // Lyon 3e's own code gives Lyon
    expect(code('38000')).toBe('38185'); // a postal code with a single commune
    expect(code('75015')).toBe('75056');
    expect(code('99999')).toMatch(/code commune inconnu : « 99999 »/);
  });

  it('narrows a name with the postal code or département of other columns', () => {
    expect(code('Villeneuve', { postalCode: '04180' })).toBe('04242');
    expect(code('Villeneuve', { departement: '33' })).toBe('33551');
    expect(code('Villeneuve', { departement: 'Ariège' })).toBe('09335');
    expect(code('Villeneuve', { departement: '09 - Ariège' })).toBe('09335');
    expect(code('Grenoble', { postalCode: '38 000' })).toBe('38185');
    // A CEDEX postal code of the right département still tells the département.
    expect(code('Grenoble', { postalCode: '38044' })).toBe('38185');
  });

  it('refuses an ambiguous name with the candidates, and names that exist nowhere', () => {
    const villeneuve = geography.resolveCommune('Villeneuve');
    expect(villeneuve).toMatchObject({ ok: false, reason: 'ambiguous' });
    const message = villeneuve.ok ? '' : villeneuve.message;
    expect(message).toContain('« Villeneuve » désigne 6 communes');
    expect(message).toContain('Villeneuve (04 – Alpes-de-Haute-Provence)');
    expect(message).toContain('Villeneuve (33 – Gironde)');
    expect(message).toContain('Précisez le code postal ou le département');
    expect(geography.resolveCommune('Œuilly')).toMatchObject({ ok: false, reason: 'ambiguous' });
    expect(code('Villeneuve', { postalCode: '38000' })).toMatch(
      /aucune commune « Villeneuve » avec le code postal 38000/,
    );
    expect(code('Grenoble', { departement: '69' })).toMatch(/aucune commune « Grenoble » dans le département 69/);
    expect(code('Grenoble', { departement: 'Atlantide' })).toBe('département inconnu : « Atlantide »');
    expect(code('Grenoble (Atlantide)')).toMatch(/« Atlantide » n’est ni un code postal ni un département/);
    expect(code('Gotham City')).toBe('commune introuvable : « Gotham City »');
    expect(code('Grenoble', { postalCode: 'abc' })).toBe('code postal invalide : « abc »');
  });

  it('finds a former commune under the commune it is part of now', () => {
    expect(code('Annecy-le-Vieux')).toBe('74010');
  });

  it('resolves each name with a few map reads once built, never walking the communes', () => {
    geography.resolveCommune('Lyon');
    const names = ['Saint-Étienne', 'Villeneuve (04)', '38000 Grenoble', 'Lyon 3e', 'Œuilly (51)', 'Annecy-le-Vieux'];
    const resolve = (count: number) => () => {
      for (let index = 0; index < count; index += 1) geography.resolveCommune(names[index % names.length] ?? '');
    };
    const thousand = countOperations(resolve(1_200));
    const twelveThousand = countOperations(resolve(12_000));
    // Linear: ten times the names, ten times the work (a quadratic lookup
    // would be a hundred times); and a name costs a
    // handful of reads, where one walk over France's ~35,000 communes would
    // cost thousands.
    expect(twelveThousand / thousand).toBeGreaterThan(9.5);
    expect(twelveThousand / thousand).toBeLessThan(10.5);
    expect(thousand / 1_200).toBeLessThan(100);
  });
});

describe('a postal code column alone', () => {
  const geography = new GeographyService();

  it('is read as a postal code, never as the INSEE code it may look like', () => {
    // 38100 is Grenoble's postal code and another commune's INSEE code.
    expect(geography.resolveCommune('', { postalCode: '38100' })).toMatchObject({ ok: true, code: '38185' });
    expect(geography.resolveCommune('', { postalCode: '00001' })).toMatchObject({
      ok: false,
      message: 'code postal inconnu : « 00001 »',
    });
  });
});
