import type { ActorInput } from '../directory/actor.model.js';
import type { Fragility, SizeClass } from '../ecosystem.types.js';
import { FRENCH_LABELS } from '../ecosystem-labels.js';
import { normaliseText } from '../directory/identifiers.js';
import { IMPORT_FIELDS, type ColumnMapping, type ImportField } from '@maillage/contract';
import type { CommuneHints, CommuneResolution } from '@maillage/territories';
import { readBoolean, readDate, readHeadcount, readNumber, readWebsite, type Read } from './french-values.js';

// The importable fields live in the contract shared with the console (libs/contract).
export { IMPORT_FIELDS, REQUIRED_IMPORT_FIELDS, type ColumnMapping, type ImportField } from '@maillage/contract';

/** Header words that name each field, as French spreadsheets write them. */
const SYNONYMS: Record<ImportField, string[]> = {
  name: [
    'nom',
    'name',
    'raison sociale',
    'denomination',
    'structure',
    'organisation',
    'organisme',
    'acteur',
    'nom de la structure',
    'nom structure',
    'nom de l organisation',
    'nom de l association',
    'nom de l acteur',
    'nom de l entreprise',
    'enseigne',
  ],
  category: [
    'categorie',
    'category',
    'type',
    'type de structure',
    'type d acteur',
    'categorie d acteur',
    'type de structure acteur',
    'famille',
    'nature',
    'code categorie',
  ],
  employer: ['employeuse', 'employeur', 'employer', 'association employeuse', 'employeuse oui non'],
  // A headcount gives the size class (and, for an association, whether it employs): SIRENE's and people's headers.
  sizeClass: [
    'taille',
    'taille entreprise',
    'taille de l entreprise',
    'tranche effectif',
    'tranche effectifs',
    'tranche d effectif',
    'tranche d effectifs',
    'tranche effectif salarie',
    'tranche effectifs salaries',
    'tranche d effectif salarie',
    'tranche d effectifs salaries',
    'tranche d effectifs salaries de l unite legale',
    'tranche effectifs unite legale',
    'trancheeffectifsunitelegale',
    'trancheeffectifsetablissement',
    'effectif',
    'effectifs',
    'effectif salarie',
    'effectifs salaries',
    'nombre de salaries',
    'nombre salaries',
    'nb salaries',
    'nb de salaries',
    'salaries',
    'size',
    'code taille',
  ],
  siren: ['siren', 'n siren', 'numero siren', 'no siren'],
  siret: ['siret', 'n siret', 'numero siret', 'no siret'],
  rna: ['rna', 'n rna', 'numero rna', 'identifiant rna', 'no rna'],
  nafCode: ['naf', 'code naf', 'ape', 'code ape', 'naf ape', 'code naf ape', 'activite principale'],
  communeCode: [
    'commune',
    'code commune',
    'code insee',
    'insee',
    'code commune insee',
    'cog',
    'ville',
    'localite',
    'nom commune',
    'nom de la commune',
    'libelle commune',
    'commune siege',
  ],
  postalCode: ['code postal', 'cp', 'postal', 'code postale', 'c p'],
  departement: ['departement', 'dept', 'dep', 'dpt', 'code departement', 'n departement', 'numero departement'],
  address: ['adresse', 'address', 'adresse postale', 'rue', 'voie', 'adresse 1', 'adresse ligne 1', 'numero et rue'],
  latitude: ['latitude', 'lat', 'y'],
  longitude: ['longitude', 'lon', 'lng', 'long', 'x'],
  website: ['site', 'site web', 'site internet', 'website', 'url'],
  // SIRENE (« Date de création de l'unité légale », dateCreationUniteLegale) and RNA (date_creat) extracts.
  foundedOn: [
    'date de creation',
    'date creation',
    'date de creation de l unite legale',
    'date de creation de l etablissement',
    'date creation unite legale',
    'datecreationunitelegale',
    'date creation structure',
    'date de creation de la structure',
    'date de creation de l association',
    'date de fondation',
    'fondee le',
    'fonde le',
    'creee le',
    'creation',
    'date creat',
    'founded on',
    'founded',
  ],
  fragilities: ['fragilites', 'fragilite', 'fragilities', 'codes fragilites'],
  tags: ['tags', 'mots cles', 'etiquettes', 'thematiques', 'mot cle'],
  description: ['description', 'presentation', 'objet', 'activite'],
};

/**
 * Guesses the mapping from the header row; every column is used at most once.
 * Headers are read as written first, then without what they put in
 * parentheses ("Commune (code)", "Latitude (WGS84)", "Nom (obligatoire)").
 */
export function guessMapping(columns: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Set<string>();
  const readings = [
    (header: string) => normaliseText(header),
    (header: string) => normaliseText(header.replace(/\([^()]*\)/g, ' ')),
  ];
  for (const reading of readings) {
    for (const field of IMPORT_FIELDS) {
      if (mapping[field]) continue;
      const column = columns.find((candidate) => !used.has(candidate) && SYNONYMS[field].includes(reading(candidate)));
      if (column) {
        mapping[field] = column;
        used.add(column);
      }
    }
  }
  return mapping;
}

/**
 * Words for each code beyond its French label: the label's own parts
 * ("Enseignement / recherche" → "enseignement", "recherche"), plurals, and
 * what people write. Keys are normalised (normaliseText).
 */
function vocabulary<K extends 'category' | 'sizeClass' | 'fragility'>(
  kind: K,
  words: Record<string, keyof (typeof FRENCH_LABELS)[K]>,
): Map<string, keyof (typeof FRENCH_LABELS)[K]> {
  const map = new Map<string, keyof (typeof FRENCH_LABELS)[K]>();
  for (const [code, label] of Object.entries(FRENCH_LABELS[kind]) as [keyof (typeof FRENCH_LABELS)[K], string][]) {
    const codeText = String(code);
    map.set(normaliseText(codeText), code);
    map.set(codeText, code);
    map.set(normaliseText(label), code);
    // Without its parenthesis ("PME (10–249)" → "pme"), and each part of "A / B".
    const bare = label.replace(/\s*\(.*\)\s*$/, '');
    map.set(normaliseText(bare), code);
    for (const part of bare.split('/')) map.set(normaliseText(part), code);
  }
  for (const [word, code] of Object.entries(words)) map.set(word, code);
  return map;
}

const CATEGORY_WORDS = vocabulary('category', {
  asso: 'association',
  'association loi 1901': 'association',
  'association loi 1908': 'association',
  entreprise: 'company',
  societe: 'company',
  company: 'company',
  'entreprise privee': 'company',
  commerce: 'company',
  scop: 'company',
  scic: 'company',
  sarl: 'company',
  sas: 'company',
  sasu: 'company',
  eurl: 'company',
  sa: 'company',
  'auto entrepreneur': 'company',
  'micro entreprise': 'company',
  collectivite: 'public_body',
  'collectivite territoriale': 'public_body',
  'collectivite locale': 'public_body',
  'acteur public': 'public_body',
  public: 'public_body',
  'etablissement public': 'public_body',
  'service public': 'public_body',
  administration: 'public_body',
  commune: 'public_body',
  mairie: 'public_body',
  epci: 'public_body',
  etat: 'public_body',
  fondation: 'foundation',
  'fonds de dotation': 'foundation',
  'fondation fonds de dotation': 'foundation',
  'fondation d entreprise': 'foundation',
  'etablissement d enseignement': 'academic',
  enseignement: 'academic',
  'enseignement superieur': 'academic',
  'enseignement et recherche': 'academic',
  'enseignement superieur et recherche': 'academic',
  universite: 'academic',
  ecole: 'academic',
  lycee: 'academic',
  college: 'academic',
  laboratoire: 'academic',
  recherche: 'academic',
  'organisme de recherche': 'academic',
  'structure d accompagnement': 'support_structure',
  accompagnement: 'support_structure',
  incubateur: 'support_structure',
  pepiniere: 'support_structure',
  reseau: 'support_structure',
  'tiers lieu': 'support_structure',
  'chambre consulaire': 'support_structure',
  cci: 'support_structure',
  cma: 'support_structure',
  'collectif citoyen': 'citizen_group',
  collectif: 'citizen_group',
  'collectif d habitants': 'citizen_group',
  'groupe citoyen': 'citizen_group',
  citoyens: 'citizen_group',
  habitants: 'citizen_group',
});

const SIZE_WORDS = vocabulary('sizeClass', {
  micro: 'micro',
  tpe: 'micro',
  'micro entreprise': 'micro',
  'tres petite entreprise': 'micro',
  'moins de 10': 'micro',
  pme: 'sme',
  sme: 'sme',
  'petite entreprise': 'sme',
  'moyenne entreprise': 'sme',
  'petite et moyenne entreprise': 'sme',
  'petites et moyennes entreprises': 'sme',
  eti: 'mid_cap',
  'entreprise de taille intermediaire': 'mid_cap',
  ge: 'large',
  'grande entreprise': 'large',
  'grand groupe': 'large',
  large: 'large',
});

const FRAGILITY_WORDS = vocabulary('fragility', {
  economique: 'economic',
  economiques: 'economic',
  sociales: 'social',
  social: 'social',
  environnementales: 'environmental',
  environnemental: 'environmental',
  ecologique: 'environmental',
  societales: 'societal',
  societal: 'societal',
});

/** The size class of a headcount, by the French thresholds (INSEE, LME): under 10, 10 to 249, 250 to 4 999, 5 000 and more. */
function sizeOfHeadcount(count: number): SizeClass {
  if (count < 10) return 'micro';
  if (count < 250) return 'sme';
  return count < 5_000 ? 'mid_cap' : 'large';
}

/**
 * What the size column says: a size class by its code (`mid_cap`), its French
 * label or the usual words; or a headcount ("12", "10 à 19", SIRENE's tranche
 * codes under a « Tranche d'effectif » header), which also tells whether the
 * actor employs anyone; or, under a « Salariés » header, oui/non.
 */
function readSize(text: string, header: string): Read<{ sizeClass: SizeClass | null; employer: boolean | null }> {
  if (!text) return { ok: true, value: { sizeClass: null, employer: null } };
  const word = lookUp(SIZE_WORDS, text);
  if (word) return { ok: true, value: { sizeClass: word, employer: null } };
  const headcount = readHeadcount(text, /\btranche/.test(normaliseText(header)));
  if (headcount.ok && headcount.value) {
    const [low, high] = headcount.value;
    const [lowest, highest] = [sizeOfHeadcount(low), sizeOfHeadcount(high)];
    if (lowest !== highest) {
      return {
        ok: false,
        message: `effectif « ${text} » à cheval sur deux tailles (${FRENCH_LABELS.sizeClass[lowest]} et ${FRENCH_LABELS.sizeClass[highest]}) : indiquez la taille`,
      };
    }
    return { ok: true, value: { sizeClass: lowest, employer: low > 0 ? true : high === 0 ? false : null } };
  }
  const flag = readBoolean(text);
  if (flag.ok) return { ok: true, value: { sizeClass: null, employer: flag.value } };
  return {
    ok: false,
    message:
      `taille inconnue : « ${text} » (attendu : TPE, PME, ETI, grande entreprise ou ${Object.values(FRENCH_LABELS.sizeClass).join(', ')}, ` +
      'ou un effectif : « 12 », « 10 à 19 », « 250-499 », tranche SIRENE « 11 », « NN »)',
  };
}

/** A word of a vocabulary, its plural read as the singular ("Associations", "Fondations"). */
function lookUp<T>(words: Map<string, T>, text: string): T | undefined {
  const raw = text.trim();
  const key = normaliseText(raw).replace(/_/g, ' ');
  return words.get(raw) ?? words.get(key) ?? words.get(key.replace(/s\b/g, ''));
}

function list(value: string): string[] {
  return value
    .split(/[,;|]/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** What name lookups the import needs from the official geography (GeographyService). */
export interface CommuneResolver {
  resolveCommune(text: string, hints?: CommuneHints): CommuneResolution;
}

/** The text of one mapped cell (trimmed; a cell our CSV export neutralised comes back as typed). */
export function cellOf(row: string[], columns: string[], mapping: ColumnMapping, field: ImportField): string {
  const column = mapping[field];
  const index = column === undefined ? -1 : columns.indexOf(column);
  // A cell our own CSV export neutralised (`'=…`, see the exports) comes back as it was typed.
  return index >= 0 ? (row[index] ?? '').trim().replace(/^'(?=[=+\-@\t\r])/, '') : '';
}

/** One spreadsheet row as actor fields, with the problems only the raw text shows (French, with the value read). */
export function rowToActor(
  row: string[],
  columns: string[],
  mapping: ColumnMapping,
  places: CommuneResolver,
): { actor: ActorInput; problems: { field: string; message: string }[] } {
  const cell = (field: ImportField) => cellOf(row, columns, mapping, field);
  const problems: { field: string; message: string }[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  const category = lookUp(CATEGORY_WORDS, cell('category'));
  if (!category)
    problem(
      'category',
      cell('category')
        ? `catégorie inconnue : « ${cell('category')} » (attendu : ${Object.values(FRENCH_LABELS.category).join(', ')})`
        : 'catégorie manquante',
    );
  const name = cell('name');
  if (!name) problem('name', 'nom manquant');
  if (name.length > 300) problem('name', 'nom trop long (300 caractères au plus)');
  const size = readSize(cell('sizeClass'), mapping.sizeClass ?? '');
  if (!size.ok) problem('sizeClass', size.message);
  const employer = readBoolean(cell('employer'));
  if (!employer.ok) problem('employer', employer.message);
  const coordinate = (field: 'latitude' | 'longitude', bound: number): number | null => {
    const read = readNumber(cell(field));
    if (read.ok && (read.value === null || Math.abs(read.value) <= bound)) return read.value;
    problem(field, `${field === 'latitude' ? 'latitude' : 'longitude'} invalide : « ${cell(field)} »`);
    return null;
  };
  const latitude = coordinate('latitude', 90);
  const longitude = coordinate('longitude', 180);
  const fragilityWords = list(cell('fragilities'));
  const fragilities = fragilityWords.map((word) => lookUp(FRAGILITY_WORDS, word));
  fragilityWords.forEach((word, index) => {
    if (!fragilities[index]) problem('fragilities', `fragilité inconnue : « ${word} »`);
  });
  const commune = readCommune(cell, places);
  if (commune.problem) problem(commune.problem.field, commune.problem.message);
  const website = readWebsite(cell('website'));
  if (!website.ok) problem('website', website.message);
  const foundedOn = readDate(cell('foundedOn'));
  if (!foundedOn.ok) problem('foundedOn', foundedOn.message.replace(/^date attendue/, 'date de création attendue'));
  return {
    actor: {
      category: category ?? 'association',
      name: name.slice(0, 300),
      // An employer column says it; else a headcount does (more than none employs).
      employer:
        category === 'association' && employer.ok ? (employer.value ?? (size.ok ? size.value.employer : null)) : null,
      sizeClass: category === 'company' && size.ok ? size.value.sizeClass : null,
      siren: cell('siren').replace(/\s/g, '') || null,
      siret: cell('siret').replace(/\s/g, '') || null,
      rna: cell('rna') || null,
      nafCode: cell('nafCode') || null,
      communeCode: commune.code,
      address: commune.address.slice(0, 500) || null,
      latitude,
      longitude,
      website: website.ok ? website.value : null,
      foundedOn: foundedOn.ok ? foundedOn.value : null,
      fragilities: fragilities.filter((fragility): fragility is Fragility => Boolean(fragility)),
      tags: list(cell('tags'))
        .slice(0, 30)
        .map((tag) => tag.slice(0, 50)),
      description: cell('description').slice(0, 10_000),
    },
    problems,
  };
}

/**
 * The commune (a code, a name, a postal code alone), narrowed by the postal
 * code and département columns, and the address completed with the postal
 * code and commune when the address column lacks them.
 */
function readCommune(
  cell: (field: ImportField) => string,
  places: CommuneResolver,
): { code: string | null; address: string; problem?: { field: string; message: string } } {
  const text = cell('communeCode');
  const postalCode = cell('postalCode');
  const hints = { postalCode, departement: cell('departement') };
  const resolved = text || postalCode ? places.resolveCommune(text, hints) : undefined;
  let address = cell('address');
  if (address && postalCode && !address.includes(postalCode)) {
    // The commune as written, or its official name when the cell held a code or nothing.
    const town = resolved?.ok && !/\p{L}{3}/u.test(text) ? resolved.name : text;
    address = `${address}, ${postalCode}${town ? ` ${town}` : ''}`;
  }
  if (!resolved) return { code: null, address };
  if (resolved.ok) return { code: resolved.code, address };
  return { code: null, address, problem: { field: text ? 'communeCode' : 'postalCode', message: resolved.message } };
}
