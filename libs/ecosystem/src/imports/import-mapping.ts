import type { ActorInput } from '../directory/actor.model.js';
import { ACTOR_CATEGORIES, type FRAGILITIES, type ActorCategory, type SizeClass } from '../ecosystem.types.js';
import { codeOfLabel } from '../ecosystem-labels.js';
import { normaliseText } from '../directory/identifiers.js';
import { IMPORT_FIELDS, type ColumnMapping, type ImportField } from '@maillage/contract';

// The importable fields live in the contract shared with the console (libs/contract).
export { IMPORT_FIELDS, REQUIRED_IMPORT_FIELDS, type ColumnMapping, type ImportField } from '@maillage/contract';

/** Header words that name each field, as French spreadsheets write them. */
const SYNONYMS: Record<ImportField, string[]> = {
  name: ['nom', 'name', 'raison sociale', 'denomination', 'structure', 'organisation', 'acteur', 'nom de la structure'],
  category: ['categorie', 'category', 'type', 'type de structure', 'famille'],
  employer: ['employeuse', 'employeur', 'employer', 'association employeuse', 'salaries'],
  sizeClass: ['taille', 'taille entreprise', 'tranche effectif', 'effectif', 'size'],
  siren: ['siren', 'n siren', 'numero siren'],
  siret: ['siret', 'n siret', 'numero siret'],
  rna: ['rna', 'n rna', 'numero rna', 'identifiant rna'],
  nafCode: ['naf', 'code naf', 'ape', 'code ape', 'naf ape', 'activite principale'],
  communeCode: ['commune', 'code commune', 'code insee', 'insee', 'code commune insee', 'cog'],
  address: ['adresse', 'address', 'adresse postale'],
  latitude: ['latitude', 'lat', 'y'],
  longitude: ['longitude', 'lon', 'lng', 'long', 'x'],
  website: ['site', 'site web', 'site internet', 'website', 'url'],
  fragilities: ['fragilites', 'fragilite', 'fragilities'],
  tags: ['tags', 'mots cles', 'etiquettes', 'thematiques'],
  description: ['description', 'presentation', 'objet', 'activite'],
};

/** Guesses the mapping from the header row; every column is used at most once. */
export function guessMapping(columns: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Set<string>();
  for (const field of IMPORT_FIELDS) {
    const column = columns.find(
      (candidate) => !used.has(candidate) && SYNONYMS[field].includes(normaliseText(candidate)),
    );
    if (column) {
      mapping[field] = column;
      used.add(column);
    }
  }
  return mapping;
}

const CATEGORY_WORDS: Record<string, ActorCategory> = {
  association: 'association',
  asso: 'association',
  entreprise: 'company',
  societe: 'company',
  company: 'company',
  collectivite: 'public_body',
  'acteur public': 'public_body',
  'collectivite acteur public': 'public_body',
  commune: 'public_body',
  mairie: 'public_body',
  epci: 'public_body',
  etat: 'public_body',
  fondation: 'foundation',
  'fonds de dotation': 'foundation',
  'etablissement d enseignement': 'academic',
  universite: 'academic',
  ecole: 'academic',
  recherche: 'academic',
  'structure d accompagnement': 'support_structure',
  reseau: 'support_structure',
  'tiers lieu': 'support_structure',
  'chambre consulaire': 'support_structure',
  'collectif citoyen': 'citizen_group',
  collectif: 'citizen_group',
  habitants: 'citizen_group',
};

const SIZE_WORDS: Record<string, SizeClass> = {
  micro: 'micro',
  tpe: 'micro',
  'micro entreprise': 'micro',
  pme: 'sme',
  sme: 'sme',
  eti: 'mid_cap',
  mid_cap: 'mid_cap',
  ge: 'large',
  'grande entreprise': 'large',
  large: 'large',
};

const FRAGILITY_WORDS: Record<string, (typeof FRAGILITIES)[number]> = {
  economique: 'economic',
  economiques: 'economic',
  economic: 'economic',
  sociale: 'social',
  sociales: 'social',
  social: 'social',
  environnementale: 'environmental',
  environnementales: 'environmental',
  environmental: 'environmental',
  societale: 'societal',
  societales: 'societal',
  societal: 'societal',
};

function list(value: string): string[] {
  return value
    .split(/[,;|]/)
    .map((part) => part.trim())
    .filter(Boolean);
}

function number(value: string): number | null | typeof NaN {
  if (!value) return null;
  const parsed = Number(value.replace(',', '.'));
  return Number.isFinite(parsed) ? parsed : Number.NaN;
}

/** One spreadsheet row as actor fields, with the problems only the raw text shows. */
export function rowToActor(
  row: string[],
  columns: string[],
  mapping: ColumnMapping,
): { actor: ActorInput; problems: { field: string; message: string }[] } {
  const cell = (field: ImportField) => {
    const column = mapping[field];
    const index = column === undefined ? -1 : columns.indexOf(column);
    // A cell our own CSV export neutralised (`'=…`, see the exports) comes back as it was typed.
    return index >= 0 ? (row[index] ?? '').trim().replace(/^'(?=[=+\-@\t\r])/, '') : '';
  };
  const problems: { field: string; message: string }[] = [];
  const categoryText = normaliseText(cell('category')).replace(/_/g, ' ');
  const category = (ACTOR_CATEGORIES as readonly string[]).includes(cell('category'))
    ? (cell('category') as ActorCategory)
    : (CATEGORY_WORDS[categoryText] ?? codeOfLabel('category', cell('category'), normaliseText));
  if (!category)
    problems.push({
      field: 'category',
      message: cell('category') ? `catégorie inconnue : « ${cell('category')} »` : 'catégorie manquante',
    });
  const name = cell('name');
  if (!name) problems.push({ field: 'name', message: 'nom manquant' });
  if (name.length > 300) problems.push({ field: 'name', message: 'nom trop long (300 caractères au plus)' });
  const sizeText = normaliseText(cell('sizeClass'));
  // Codes (`mid_cap`, which normalises to "mid cap"), the exports' French labels and the usual words.
  const sizeClass = sizeText
    ? (SIZE_WORDS[sizeText] ?? codeOfLabel('sizeClass', cell('sizeClass'), normaliseText))
    : null;
  if (sizeClass === undefined)
    problems.push({ field: 'sizeClass', message: `taille inconnue : « ${cell('sizeClass')} »` });
  const employerText = normaliseText(cell('employer'));
  const employer = employerText ? ['oui', 'yes', 'true', '1', 'x', 'employeuse'].includes(employerText) : null;
  const latitude = number(cell('latitude'));
  const longitude = number(cell('longitude'));
  if (Number.isNaN(latitude) || (latitude !== null && Math.abs(latitude) > 90))
    problems.push({ field: 'latitude', message: 'latitude invalide' });
  if (Number.isNaN(longitude) || (longitude !== null && Math.abs(longitude) > 180))
    problems.push({ field: 'longitude', message: 'longitude invalide' });
  const fragilities = list(cell('fragilities')).map(
    (word) => FRAGILITY_WORDS[normaliseText(word)] ?? codeOfLabel('fragility', word, normaliseText),
  );
  if (fragilities.some((fragility) => !fragility))
    problems.push({ field: 'fragilities', message: 'fragilité inconnue' });
  const website = cell('website');
  return {
    actor: {
      category: category ?? 'association',
      name: name.slice(0, 300),
      employer: category === 'association' ? employer : null,
      sizeClass: category === 'company' ? (sizeClass ?? null) : null,
      siren: cell('siren').replace(/\s/g, '') || null,
      siret: cell('siret').replace(/\s/g, '') || null,
      rna: cell('rna') || null,
      nafCode: cell('nafCode') || null,
      communeCode: cell('communeCode').padStart(cell('communeCode') ? 5 : 0, '0') || null,
      address: cell('address').slice(0, 500) || null,
      latitude: Number.isNaN(latitude) ? null : latitude,
      longitude: Number.isNaN(longitude) ? null : longitude,
      website: website ? (/^https?:\/\//.test(website) ? website : `https://${website}`).slice(0, 500) : null,
      fragilities: fragilities.filter((fragility): fragility is (typeof FRAGILITIES)[number] => Boolean(fragility)),
      tags: list(cell('tags'))
        .slice(0, 30)
        .map((tag) => tag.slice(0, 50)),
      description: cell('description').slice(0, 10_000),
    },
    problems,
  };
}
