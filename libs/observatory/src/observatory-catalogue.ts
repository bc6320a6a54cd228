import { ACTION_TYPES, ACTOR_CATEGORIES, ALLIANCE_MODES, ALLIANCE_STATUSES, FRAGILITIES } from '@maillage/ecosystem';

/**
 * What the observatory publishes: each indicator, its dimensions, the French
 * labels of the data dictionary, and the additive relations between cells
 * (a total and its parts) that disclosure control must respect.
 */

/** Company size classes, with the companies whose size is not known. */
export const SIZE_CLASSES = ['micro', 'sme', 'mid_cap', 'large', 'unknown'] as const;
export const EMPLOYER_FLAGS = ['yes', 'no', 'unknown'] as const;
export const STAGES = ['emerging', 'developing', 'structured'] as const;
export type Stage = (typeof STAGES)[number];

export const AREA_LEVELS = ['national', 'region', 'departement', 'epci', 'commune', 'peer_group'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

const prefixed = (prefix: string, values: readonly string[]) => values.map((value) => `${prefix}:${value}`);

/** Dimensions of the actor counts (and of the engaged-actor counts, so shares line up). */
const ACTOR_DIMENSIONS = [
  'total',
  ...prefixed('category', ACTOR_CATEGORIES),
  ...prefixed('company_size', SIZE_CLASSES),
  ...prefixed('association_employer', EMPLOYER_FLAGS),
  'segment:company_10_plus',
];

/** A total and the parts that add up to it exactly, within one indicator. */
export interface Family {
  total: string;
  parts: string[];
}

const ACTOR_FAMILIES: Family[] = [
  { total: 'total', parts: prefixed('category', ACTOR_CATEGORIES) },
  { total: 'category:company', parts: prefixed('company_size', SIZE_CLASSES) },
  { total: 'category:association', parts: prefixed('association_employer', EMPLOYER_FLAGS) },
  { total: 'segment:company_10_plus', parts: prefixed('company_size', ['sme', 'mid_cap', 'large']) },
];

export interface IndicatorDefinition {
  id: string;
  label: string;
  /** How the month is read: a stock at the month's end, or a flow during the month. */
  kind: 'stock' | 'flow';
  unit: string;
  dimensions: string[];
  families: Family[];
  /**
   * `false` when the counts describe the sharing workspaces themselves, not organisations: never
   * suppressed (a workspace that shares chose to be seen), though still known to the attacker.
   */
  sensitive?: false;
  /** Shares published with the indicator: this dimension over another indicator's same dimension, or over a total. */
  share?: { over: { indicator: string } | { dimension: string }; label: string };
}

export const INDICATORS: readonly IndicatorDefinition[] = [
  {
    id: 'actors',
    label: 'Acteurs cartographiés (fin de mois, hors archivés)',
    kind: 'stock',
    unit: 'acteurs',
    dimensions: ACTOR_DIMENSIONS,
    families: ACTOR_FAMILIES,
  },
  {
    id: 'engaged_actors',
    label: 'Acteurs engagés dans au moins une alliance active (fin de mois)',
    kind: 'stock',
    unit: 'acteurs',
    dimensions: ACTOR_DIMENSIONS,
    families: ACTOR_FAMILIES,
    share: { over: { indicator: 'actors' }, label: 'Part des acteurs de la même catégorie (indicateur PHARE)' },
  },
  {
    id: 'alliances',
    label: 'Alliances par statut (fin de mois)',
    kind: 'stock',
    unit: 'alliances',
    dimensions: ['total', ...prefixed('status', ALLIANCE_STATUSES)],
    families: [{ total: 'total', parts: prefixed('status', ALLIANCE_STATUSES) }],
  },
  {
    id: 'active_alliances',
    label: 'Alliances actives par mode (plusieurs modes par alliance, fin de mois)',
    kind: 'stock',
    unit: 'alliances',
    dimensions: ['total', ...prefixed('mode', ALLIANCE_MODES)],
    families: [],
    share: { over: { dimension: 'total' }, label: 'Part des alliances actives pratiquant ce mode' },
  },
  {
    id: 'new_alliances',
    label: 'Nouvelles alliances du mois, par mode',
    kind: 'flow',
    unit: 'alliances',
    dimensions: ['total', ...prefixed('mode', ALLIANCE_MODES)],
    families: [],
  },
  {
    id: 'actions',
    label: 'Actions de co-construction commencées dans le mois, par type',
    kind: 'flow',
    unit: 'actions',
    dimensions: ['total', ...prefixed('type', ACTION_TYPES)],
    families: [{ total: 'total', parts: prefixed('type', ACTION_TYPES) }],
  },
  {
    id: 'action_participants',
    label: 'Acteurs participant aux actions commencées dans le mois, par type d’action',
    kind: 'flow',
    unit: 'acteurs',
    dimensions: ['total', ...prefixed('type', ACTION_TYPES)],
    families: [],
  },
  {
    id: 'priorities',
    label: 'Enjeux prioritaires (fin de mois) : total, couverts par une action ou une alliance, par fragilité',
    kind: 'stock',
    unit: 'enjeux',
    dimensions: ['total', 'covered', ...prefixed('fragility', FRAGILITIES)],
    families: [],
    share: { over: { dimension: 'total' }, label: 'Part des enjeux' },
  },
  {
    id: 'actions_by_fragility',
    label: 'Actions commencées dans le mois répondant à un enjeu, par fragilité',
    kind: 'flow',
    unit: 'actions',
    dimensions: prefixed('fragility', FRAGILITIES),
    families: [],
  },
  {
    id: 'alliances_by_fragility',
    label: 'Alliances actives par fragilité traitée (fin de mois)',
    kind: 'stock',
    unit: 'alliances',
    dimensions: prefixed('fragility', FRAGILITIES),
    families: [],
  },
  {
    id: 'territories',
    label: 'Territoires partageant leurs données, par stade de la dynamique de co-construction',
    kind: 'stock',
    unit: 'territoires',
    sensitive: false,
    dimensions: ['total', ...prefixed('stage', STAGES)],
    families: [{ total: 'total', parts: prefixed('stage', STAGES) }],
  },
];

export const INDICATOR_IDS = INDICATORS.map((indicator) => indicator.id);
export const INDICATOR_BY_ID = new Map(INDICATORS.map((indicator) => [indicator.id, indicator]));

/** One territory's (or area's) figures for one month: `indicator|dimension` → count. */
export type MonthFigures = Map<string, number>;
/** Figures per month (`YYYY-MM`). */
export type Figures = Map<string, MonthFigures>;

export const figureKey = (indicator: string, dimension: string): string => `${indicator}|${dimension}`;

/** Every figure key the observatory publishes, in catalogue order. */
export const FIGURE_KEYS: readonly string[] = INDICATORS.flatMap((indicator) =>
  indicator.dimensions.map((dimension) => figureKey(indicator.id, dimension)),
);

export const DIMENSION_LABELS: Record<string, string> = {
  total: 'Total',
  covered: 'Couverts par au moins une action ou une alliance',
  'category:association': 'Associations',
  'category:company': 'Entreprises',
  'category:public_body': 'Collectivités et acteurs publics',
  'category:foundation': 'Fondations et fonds de dotation',
  'category:academic': 'Enseignement et recherche',
  'category:support_structure': 'Structures d’accompagnement',
  'category:citizen_group': 'Collectifs citoyens',
  'company_size:micro': 'Entreprises de moins de 10 salariés',
  'company_size:sme': 'Entreprises de 10 à 249 salariés',
  'company_size:mid_cap': 'Entreprises de 250 à 4 999 salariés',
  'company_size:large': 'Entreprises de 5 000 salariés et plus',
  'company_size:unknown': 'Entreprises de taille non renseignée',
  'association_employer:yes': 'Associations employeuses',
  'association_employer:no': 'Associations non employeuses',
  'association_employer:unknown': 'Associations (caractère employeur non renseigné)',
  'segment:company_10_plus': 'Entreprises de 10 salariés et plus',
  'status:proposed': 'Proposées',
  'status:under_discussion': 'En discussion',
  'status:active': 'Actives',
  'status:ended': 'Terminées',
  'status:declined': 'Déclinées',
  'status:withdrawn': 'Retirées',
  'mode:responsible_practices': 'Pratiques responsables',
  'mode:patronage': 'Mécénat',
  'mode:economic_cooperation': 'Coopération économique',
  'mode:societal_innovation': 'Innovation sociétale',
  'type:animation': 'Animation du territoire',
  'type:collective_experiment': 'Expérimentation collective',
  'type:support': 'Accompagnement des organisations',
  'fragility:economic': 'Fragilités économiques',
  'fragility:social': 'Fragilités sociales',
  'fragility:environmental': 'Fragilités environnementales',
  'fragility:societal': 'Fragilités sociétales',
  'stage:emerging': 'Dynamique émergente',
  'stage:developing': 'Dynamique en développement',
  'stage:structured': 'Dynamique structurée',
};

export const LEVEL_LABELS: Record<AreaLevel, string> = {
  national: 'France entière',
  region: 'Région',
  departement: 'Département',
  epci: 'Intercommunalité (EPCI)',
  commune: 'Commune',
  peer_group: 'Groupe de territoires comparables (même nature, même tranche de population)',
};

/**
 * What follows from the indicators' definitions, for each territory and month:
 * `Σ coefficient × figure` (= or ≤) `rhs`, a figure being read in the month
 * itself or (`lag` 1) in the month before. Every attacker knows these facts:
 * disclosure control gives them to its audit.
 */
export interface Identity {
  terms: [key: string, coefficient: number, lag?: 0 | 1][];
  relation: 'eq' | 'le';
  rhs: number;
}

const atMost = (part: string, whole: string): Identity => ({
  terms: [
    [part, 1],
    [whole, -1],
  ],
  relation: 'le',
  rhs: 0,
});
/** A total with several parts per item (modes, types): each part ≤ total ≤ Σ parts. */
const overlapping = (indicator: string, parts: readonly string[]): Identity[] => [
  ...parts.map((part) => atMost(figureKey(indicator, part), figureKey(indicator, 'total'))),
  {
    terms: [
      [figureKey(indicator, 'total'), 1],
      ...parts.map((part): [string, number] => [figureKey(indicator, part), -1]),
    ],
    relation: 'le',
    rhs: 0,
  },
];

export const IDENTITIES: readonly Identity[] = [
  ...INDICATORS.flatMap((indicator) =>
    indicator.families.map((family): Identity => ({
      terms: [
        [figureKey(indicator.id, family.total), 1],
        ...family.parts.map((part): [string, number] => [figureKey(indicator.id, part), -1]),
      ],
      relation: 'eq',
      rhs: 0,
    })),
  ),
  // The same alliances counted twice.
  {
    terms: [
      ['active_alliances|total', 1],
      ['alliances|status:active', -1],
    ],
    relation: 'eq',
    rhs: 0,
  },
  // Alliances are never deleted: this month's stock is last month's plus the month's new ones.
  {
    terms: [
      ['alliances|total', 1],
      ['alliances|total', -1, 1],
      ['new_alliances|total', -1],
    ],
    relation: 'eq',
    rhs: 0,
  },
  ...ACTOR_DIMENSIONS.map((dimension) =>
    atMost(figureKey('engaged_actors', dimension), figureKey('actors', dimension)),
  ),
  ...overlapping('active_alliances', prefixed('mode', ALLIANCE_MODES)),
  ...overlapping('new_alliances', prefixed('mode', ALLIANCE_MODES)),
  ...overlapping('action_participants', prefixed('type', ACTION_TYPES)),
  ...prefixed('fragility', FRAGILITIES).flatMap((fragility) => [
    atMost(figureKey('alliances_by_fragility', fragility), 'active_alliances|total'),
    atMost(figureKey('actions_by_fragility', fragility), 'actions|total'),
    atMost(figureKey('priorities', fragility), 'priorities|total'),
  ]),
  atMost('priorities|covered', 'priorities|total'),
  // One workspace counts once.
  { terms: [['territories|total', 1]], relation: 'le', rhs: 1 },
];
