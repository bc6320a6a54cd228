import { GeographyService } from '@maillage/territories';
import { countOperations } from '@maillage/testing/operation-count.js';
import { FRENCH_LABELS } from '../ecosystem-labels.js';
import { guessMapping, rowToActor } from './import-mapping.js';

const geography = new GeographyService();

describe('import mapping: what the exports write comes back in', () => {
  const columns = ['Catégorie', 'Nom', 'Taille', 'Fragilités'];
  const mapping = guessMapping(columns);
  const read = (row: string[]) => rowToActor(row, columns, mapping, geography);

  it.each(Object.entries(FRENCH_LABELS.sizeClass))(
    'reads size class %s as its code and as its label',
    (code, label) => {
      for (const text of [code, label]) {
        const { actor, problems } = read(['company', 'Transports', text, '']);
        expect(problems).toEqual([]);
        expect(actor.sizeClass).toBe(code);
      }
    },
  );

  it('reads categories and fragilities by their French labels', () => {
    for (const [code, label] of Object.entries(FRENCH_LABELS.category)) {
      const { actor, problems } = read([label, 'Nom', '', '']);
      expect(problems).toEqual([]);
      expect(actor.category).toBe(code);
    }
    const { actor } = read(['Association', 'Nom', '', 'Économique|Sociale|Environnementale|Sociétale']);
    expect(actor.fragilities).toEqual(['economic', 'social', 'environmental', 'societal']);
  });

  it('removes the quote the CSV export puts before a formula-like cell, and only that one', () => {
    expect(read(['association', `'=SOMME(A1)`, '', '']).actor.name).toBe('=SOMME(A1)');
    expect(read(['association', `'Les Amis`, '', '']).actor.name).toBe(`'Les Amis`);
  });
});

describe('import mapping: creation dates of SIRENE and RNA extracts', () => {
  it.each([
    'Date de création',
    'date création',
    'Date de création de l’unité légale',
    "Date de création de l'établissement",
    'date_creation',
    'dateCreationUniteLegale',
    'Créée le',
    'Date de création (jj/mm/aaaa)',
  ])('maps « %s » to the creation date', (header) => {
    expect(guessMapping(['Nom', 'Catégorie', header])).toEqual({
      name: 'Nom',
      category: 'Catégorie',
      foundedOn: header,
    });
  });

  it('does not take the export’s « Créé le » (when the record was made) for the creation date', () => {
    expect(guessMapping(['Nom', 'Catégorie', 'Créé le']).foundedOn).toBeUndefined();
  });

  const columns = ['Nom', 'Catégorie', 'Date de création'];
  const mapping = guessMapping(columns);
  const read = (text: string) => rowToActor(['Atelier', 'Association', text], columns, mapping, geography);

  it.each([
    ['05/03/2021', '2021-03-05'],
    ['5/3/2021', '2021-03-05'],
    ['05-03-2021', '2021-03-05'],
    ['05.03.2021', '2021-03-05'],
    ['2021-03-05', '2021-03-05'],
    ['5 mars 2021', '2021-03-05'],
    ['1er janvier 1901', '1901-01-01'],
    ['', null],
  ])('reads « %s » as %s', (text, expected) => {
    const { actor, problems } = read(text);
    expect(problems).toEqual([]);
    expect(actor.foundedOn).toBe(expected);
  });

  it('explains a date it cannot read with the value seen', () => {
    expect(read('03/15/2021').problems).toEqual([
      { field: 'foundedOn', message: 'date de création attendue (jj/mm/aaaa), lu : « 03/15/2021 »' },
    ]);
    expect(read('2021').actor.foundedOn).toBeNull();
  });
});

describe('import mapping: spreadsheets as French users write them', () => {
  const columns = [
    'Nom de la structure',
    "Type d'acteur",
    'Taille',
    'Employeuse',
    'Adresse',
    'Code postal',
    'Ville',
    'Département',
    'Latitude',
    'Longitude',
  ];
  const mapping = guessMapping(columns);
  const row = (values: Partial<Record<(typeof columns)[number], string>>) =>
    rowToActor(
      columns.map((column) => values[column] ?? ''),
      columns,
      mapping,
      geography,
    );

  it('guesses every column from French headers', () => {
    expect(mapping).toEqual({
      name: 'Nom de la structure',
      category: "Type d'acteur",
      sizeClass: 'Taille',
      employer: 'Employeuse',
      address: 'Adresse',
      postalCode: 'Code postal',
      communeCode: 'Ville',
      departement: 'Département',
      latitude: 'Latitude',
      longitude: 'Longitude',
    });
  });

  it('reads headers without what they put in parentheses, once the exact ones are taken', () => {
    expect(guessMapping(['Nom (obligatoire)', 'Commune (code)', 'Latitude (WGS84)', 'Catégorie'])).toEqual({
      name: 'Nom (obligatoire)',
      category: 'Catégorie',
      communeCode: 'Commune (code)',
      latitude: 'Latitude (WGS84)',
    });
  });

  it.each([
    ['Enseignement / recherche', 'academic'],
    ['enseignement/recherche', 'academic'],
    ['ENSEIGNEMENT - RECHERCHE', 'academic'],
    ['Université', 'academic'],
    ['Fondation / fonds de dotation', 'foundation'],
    ['Fonds de dotation', 'foundation'],
    ['fondation', 'foundation'],
    ['Associations', 'association'],
    ['Association loi 1901', 'association'],
    ['asso', 'association'],
    ['SCOP', 'company'],
    ['Collectivité', 'public_body'],
    ['acteur public', 'public_body'],
    ['Structure d’accompagnement', 'support_structure'],
    ["structure d'accompagnement", 'support_structure'],
    ['Tiers-lieu', 'support_structure'],
    ['collectif d’habitants', 'citizen_group'],
    ['citizen_group', 'citizen_group'],
  ])('reads the category « %s » as %s', (text, code) => {
    const { actor, problems } = row({ 'Nom de la structure': 'X', "Type d'acteur": text });
    expect(problems).toEqual([]);
    expect(actor.category).toBe(code);
  });

  it('names what it expects when a category or a size is unknown', () => {
    const { problems } = row({ 'Nom de la structure': 'X', "Type d'acteur": 'Club', Taille: 'moyenne' });
    expect(problems).toEqual([
      {
        field: 'category',
        message: expect.stringMatching(
          /^catégorie inconnue : « Club » \(attendu : Association, Entreprise, .*Collectif citoyen\)$/,
        ),
      },
      { field: 'sizeClass', message: expect.stringMatching(/^taille inconnue : « moyenne » \(attendu : TPE, PME/) },
    ]);
  });

  it.each([
    ['TPE', 'micro'],
    ['Micro-entreprise', 'micro'],
    ['pme', 'sme'],
    ['PME (10–249)', 'sme'],
    ['Petite et moyenne entreprise', 'sme'],
    ['ETI', 'mid_cap'],
    ['Entreprise de taille intermédiaire', 'mid_cap'],
    ['Grande entreprise', 'large'],
    ['grand groupe', 'large'],
  ])('reads the size « %s » as %s', (text, code) => {
    const { actor, problems } = row({ 'Nom de la structure': 'X', "Type d'acteur": 'Entreprise', Taille: text });
    expect(problems).toEqual([]);
    expect(actor.sizeClass).toBe(code);
  });

  it('reads oui/non/vrai/faux/x, and explains what it cannot read', () => {
    const employer = (text: string) =>
      row({ 'Nom de la structure': 'X', "Type d'acteur": 'Association', Employeuse: text });
    expect(employer('oui').actor.employer).toBe(true);
    expect(employer('VRAI').actor.employer).toBe(true);
    expect(employer('x').actor.employer).toBe(true);
    expect(employer('Non').actor.employer).toBe(false);
    expect(employer('faux').actor.employer).toBe(false);
    expect(employer('').actor.employer).toBeNull();
    expect(employer('bientôt').problems).toEqual([
      { field: 'employer', message: 'oui ou non attendu, lu : « bientôt »' },
    ]);
  });

  it('reads decimal commas, and explains a coordinate it cannot read with the value', () => {
    const { actor, problems } = row({
      'Nom de la structure': 'X',
      "Type d'acteur": 'Association',
      Latitude: '45,1885',
      Longitude: '5,7245',
    });
    expect(problems).toEqual([]);
    expect(actor).toMatchObject({ latitude: 45.1885, longitude: 5.7245 });
    expect(
      row({ 'Nom de la structure': 'X', "Type d'acteur": 'Association', Latitude: '145,2', Longitude: 'est' }).problems,
    ).toEqual([
      { field: 'latitude', message: 'latitude invalide : « 145,2 »' },
      { field: 'longitude', message: 'longitude invalide : « est »' },
    ]);
  });

  it('reads communes by name, narrowed by the postal code or département columns, and keeps the address', () => {
    const at = (values: Partial<Record<string, string>>) =>
      row({ 'Nom de la structure': 'X', "Type d'acteur": 'Association', ...values });
    expect(at({ Ville: 'Saint-Étienne' }).actor.communeCode).toBe('42218');
    expect(at({ Ville: 'Lyon 3e' }).actor.communeCode).toBe('69123');
    expect(at({ Ville: 'Villeneuve', 'Code postal': '04180' }).actor.communeCode).toBe('04242');
    expect(at({ Ville: 'Villeneuve', Département: 'Gironde' }).actor.communeCode).toBe('33551');
    expect(at({ Ville: '38000 Grenoble' }).actor.communeCode).toBe('38185');
    expect(at({ 'Code postal': '38100' }).actor.communeCode).toBe('38185');
    const grenoble = at({ Adresse: '12 rue Félix Poulat', 'Code postal': '38000', Ville: 'Grenoble' });
    expect(grenoble.actor).toMatchObject({ communeCode: '38185', address: '12 rue Félix Poulat, 38000 Grenoble' });
    expect(at({ Adresse: '2 place de Verdun', 'Code postal': '38000' }).actor.address).toBe(
      '2 place de Verdun, 38000 Grenoble',
    );
    expect(at({ Adresse: '2 place de Verdun', 'Code postal': '38000', Ville: '38185' }).actor.address).toBe(
      '2 place de Verdun, 38000 Grenoble',
    );
    expect(at({ Adresse: '12 rue Félix Poulat, 38000 Grenoble', 'Code postal': '38000' }).actor.address).toBe(
      '12 rue Félix Poulat, 38000 Grenoble',
    );
    const ambiguous = at({ Ville: 'Villeneuve' });
    expect(ambiguous.actor.communeCode).toBeNull();
    expect(ambiguous.problems).toEqual([
      { field: 'communeCode', message: expect.stringContaining('« Villeneuve » désigne 6 communes') },
    ]);
    expect(at({ Ville: 'Gotham' }).problems).toEqual([
      { field: 'communeCode', message: 'commune introuvable : « Gotham »' },
    ]);
  });

  it('reads 10,000 rows in linear time', () => {
    const names = ['Saint-Étienne', 'Villeneuve (04)', '38000 Grenoble', 'Lyon 3e', 'Œuilly (51)', '69266'];
    const rows = (count: number) =>
      Array.from({ length: count }, (_, index) =>
        columns.map((column) =>
          column === 'Ville' ? (names[index % names.length] ?? '') : column === "Type d'acteur" ? 'asso' : `${index}`,
        ),
      );
    const thousand = rows(1_200);
    const tenThousand = rows(12_000);
    geography.resolveCommune('Lyon');
    const read = (all: string[][]) => () => {
      for (const cells of all) rowToActor(cells, columns, mapping, geography);
    };
    // Counted, not timed: ten times the rows, ten times the work, whatever
    // the machine's load; a row costs a bounded number of reads.
    // (Longer numbers in the larger file cost a little more; a quadratic
    // reader would cost a hundred times more.)
    const small = countOperations(read(thousand));
    const large = countOperations(read(tenThousand));
    expect(large / small).toBeGreaterThan(9.5);
    expect(large / small).toBeLessThan(11);
    expect(small / thousand.length).toBeLessThan(5_000);
    const last = rowToActor(tenThousand[11_999] ?? [], columns, mapping, geography);
    expect(last.actor).toMatchObject({ category: 'association', name: '11999' });
  });
});

describe('import mapping: headcounts give the size class, and whether an association employs', () => {
  it.each([
    'Effectifs',
    'Nombre de salariés',
    'Salariés',
    "Tranche d'effectif",
    'Tranche d’effectifs salariés',
    'Tranche effectif salarié',
    'trancheEffectifsUniteLegale',
  ])('maps « %s » to the size class', (header) => {
    expect(guessMapping(['Nom', 'Catégorie', header])).toEqual({
      name: 'Nom',
      category: 'Catégorie',
      sizeClass: header,
    });
  });

  const read = (header: string, text: string, category = 'Entreprise') => {
    const columns = ['Nom', 'Catégorie', header];
    return rowToActor(['Atelier', category, text], columns, guessMapping(columns), geography);
  };

  it.each([
    ['12', 'sme'],
    [' 12 ', 'sme'],
    ['0', 'micro'],
    ['9', 'micro'],
    ['9,5', 'micro'],
    ['10', 'sme'],
    ['32', 'sme'],
    ['249', 'sme'],
    ['250', 'mid_cap'],
    ['4 999', 'mid_cap'],
    ['5 000 salariés', 'large'],
    ['10 à 19', 'sme'],
    ['10 à 19 salariés', 'sme'],
    ['250-499', 'mid_cap'],
    ['1 ou 2 salariés', 'micro'],
    ['2 000 à 4 999 salariés', 'mid_cap'],
    ['10 000 et plus', 'large'],
    ['plus de 5000', 'large'],
    ['NN', 'micro'],
    ['Unité non employeuse', 'micro'],
  ])('reads the headcount « %s » under « Effectif » as %s', (text, code) => {
    const { actor, problems } = read('Effectif', text);
    expect(problems).toEqual([]);
    expect(actor.sizeClass).toBe(code);
  });

  it.each([
    ['00', 'micro'],
    ['01', 'micro'],
    ['1', 'micro'],
    ['03', 'micro'],
    ['11', 'sme'],
    ['12', 'sme'],
    ['21', 'sme'],
    ['31', 'sme'],
    ['32', 'mid_cap'],
    ['41', 'mid_cap'],
    ['51', 'mid_cap'],
    ['52', 'large'],
    ['53', 'large'],
    ['NN', 'micro'],
    ['250 à 499 salariés', 'mid_cap'],
    ['150', 'sme'],
  ])('reads « %s » under « Tranche d’effectifs salariés » as SIRENE’s tranche, %s', (text, code) => {
    const { actor, problems } = read('Tranche d’effectifs salariés', text);
    expect(problems).toEqual([]);
    expect(actor.sizeClass).toBe(code);
  });

  it('takes a headcount above none for an employing association, unless an employer column says otherwise', () => {
    const employer = (text: string) => read('Effectif', text, 'Association').actor;
    expect(employer('12')).toMatchObject({ employer: true, sizeClass: null });
    expect(employer('0')).toMatchObject({ employer: false });
    expect(employer('NN')).toMatchObject({ employer: false });
    expect(employer('0 à 9')).toMatchObject({ employer: null });
    expect(employer('')).toMatchObject({ employer: null });
    expect(read('Tranche d’effectif', '01', 'Association').actor.employer).toBe(true);
    expect(read('Salariés', 'oui', 'Association').actor.employer).toBe(true);
    expect(read('Effectif', '12', 'Entreprise').actor.employer).toBeNull();
    const columns = ['Nom', 'Catégorie', 'Effectif', 'Employeuse'];
    const both = rowToActor(['Atelier', 'Association', '3', 'non'], columns, guessMapping(columns), geography);
    expect(both.actor.employer).toBe(false);
  });

  it('names what it accepts when a value is neither a size nor a headcount', () => {
    expect(read('Effectif', 'beaucoup').problems).toEqual([
      {
        field: 'sizeClass',
        message:
          'taille inconnue : « beaucoup » (attendu : TPE, PME, ETI, grande entreprise ou Micro-entreprise (< 10), ' +
          'PME (10–249), ETI (250–4 999), Grande entreprise (≥ 5 000), ou un effectif : « 12 », « 10 à 19 », ' +
          '« 250-499 », tranche SIRENE « 11 », « NN »)',
      },
    ]);
    expect(read('Effectif', '-3').problems).toEqual([
      { field: 'sizeClass', message: expect.stringMatching(/^taille inconnue : « -3 »/) },
    ]);
    expect(read('Effectif', '200-300').problems).toEqual([
      {
        field: 'sizeClass',
        message:
          'effectif « 200-300 » à cheval sur deux tailles (PME (10–249) et ETI (250–4 999)) : indiquez la taille',
      },
    ]);
    expect(read('Effectif', '200-300').actor.sizeClass).toBeNull();
  });
});

describe('import mapping: websites, checked as the actor form and the API check them', () => {
  const columns = ['Nom', 'Catégorie', 'Site web'];
  const mapping = guessMapping(columns);
  const read = (website: string) => rowToActor(['Atelier', 'Association', website], columns, mapping, geography);

  it.each([
    ['www.exemple.fr', 'https://www.exemple.fr'],
    ['exemple.fr/agenda', 'https://exemple.fr/agenda'],
    ['http://exemple.fr', 'http://exemple.fr'],
    ['HTTPS://WWW.EXEMPLE.FR', 'HTTPS://WWW.EXEMPLE.FR'],
    ['Http://exemple.fr/Agenda', 'Http://exemple.fr/Agenda'],
    ['', null],
  ])('keeps « %s » as %j (https:// before it when it has no scheme, whatever its case)', (text, stored) => {
    const { actor, problems } = read(text);
    expect(problems).toEqual([]);
    expect(actor.website).toBe(stored);
  });

  it.each(['contact@exemple.fr', 'www.exemple.fr, www.autre.fr', 'pas de site', 'ftp://fichiers.exemple.fr'])(
    'refuses the row for « %s », with the value read',
    (text) => {
      const { actor, problems } = read(text);
      expect(problems).toEqual([
        {
          field: 'website',
          message: `adresse web invalide : « ${text} » (par exemple www.exemple.fr ou https://www.exemple.fr)`,
        },
      ]);
      expect(actor.website).toBeNull();
    },
  );

  it('refuses a website longer than the API takes rather than cutting it', () => {
    const longest = `exemple.fr/${'a'.repeat(500 - 'https://exemple.fr/'.length)}`;
    expect(read(longest)).toMatchObject({ problems: [], actor: { website: `https://${longest}` } });
    expect(read(`${longest}b`).problems).toEqual([
      { field: 'website', message: 'adresse web trop longue (500 caractères au plus)' },
    ]);
    expect(read(`${longest}b`).actor.website).toBeNull();
  });
});
