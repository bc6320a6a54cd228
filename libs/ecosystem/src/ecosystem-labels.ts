import { registerValueLabels } from '@maillage/platform';
import type {
  ActionType,
  ActorCategory,
  AllianceMode,
  AllianceStatus,
  ExperimentPhase,
  Fragility,
  ParticipantRole,
  PatronageKind,
  PriorityStatus,
  SizeClass,
} from './ecosystem.types.js';
import type { LocationPrecision } from './geocoding/ban-geocoder.js';

/**
 * The one server-side source of the French labels of the ecosystem's codes:
 * exports, documents and the import (which reads them back) all use these.
 * The console has its own copy in its i18n catalogues (`domain.json`).
 */
export const FRENCH_LABELS = {
  category: {
    association: 'Association',
    company: 'Entreprise',
    public_body: 'Collectivité / acteur public',
    foundation: 'Fondation / fonds de dotation',
    academic: 'Enseignement / recherche',
    support_structure: 'Structure d’accompagnement',
    citizen_group: 'Collectif citoyen',
  } satisfies Record<ActorCategory, string>,
  sizeClass: {
    micro: 'Micro-entreprise (< 10)',
    sme: 'PME (10–249)',
    mid_cap: 'ETI (250–4 999)',
    large: 'Grande entreprise (≥ 5 000)',
  } satisfies Record<SizeClass, string>,
  locationPrecision: {
    address: 'Adresse',
    street: 'Rue ou lieu-dit',
    commune: 'Approximative : centre de la commune',
    manual: 'Placée à la main',
  } satisfies Record<LocationPrecision, string>,
  fragility: {
    economic: 'Économique',
    social: 'Sociale',
    environmental: 'Environnementale',
    societal: 'Sociétale',
  } satisfies Record<Fragility, string>,
  actionType: {
    animation: 'Animation du territoire',
    collective_experiment: 'Expérimentation collective',
    support: 'Accompagnement',
  } satisfies Record<ActionType, string>,
  participantRole: {
    organiser: 'Organisateur',
    participant: 'Participant',
    pilot: 'Pilote',
    partner: 'Partenaire',
    funder: 'Financeur',
    beneficiary: 'Bénéficiaire',
    supported: 'Accompagné',
    speaker: 'Intervenant',
  } satisfies Record<ParticipantRole, string>,
  phase: {
    emergence: 'Émergence',
    design: 'Conception',
    experimentation: 'Expérimentation',
    evaluation: 'Évaluation',
    scaling: 'Essaimage',
  } satisfies Record<ExperimentPhase, string>,
  allianceMode: {
    responsible_practices: 'Pratiques responsables',
    patronage: 'Mécénat',
    economic_cooperation: 'Coopération économique',
    societal_innovation: 'Innovation sociétale',
  } satisfies Record<AllianceMode, string>,
  patronageKind: {
    financial: 'Financier',
    skills: 'De compétences',
    in_kind: 'En nature',
  } satisfies Record<PatronageKind, string>,
  allianceStatus: {
    proposed: 'Proposée',
    under_discussion: 'En discussion',
    active: 'Active',
    ended: 'Terminée',
    declined: 'Déclinée',
    withdrawn: 'Retirée',
  } satisfies Record<AllianceStatus, string>,
  priorityStatus: {
    active: 'En cours',
    achieved: 'Atteint',
    abandoned: 'Abandonné',
  } satisfies Record<PriorityStatus, string>,
} as const;

export type LabelledEnum = keyof typeof FRENCH_LABELS;

/** The French label of a code (the code itself when it has none, never an empty cell). */
export function frenchLabel(kind: LabelledEnum, code: string | null | undefined): string {
  if (code === null || code === undefined) return '';
  return (FRENCH_LABELS[kind] as Record<string, string>)[code] ?? code;
}

/**
 * A SQL expression giving the French label of a text column holding one of
 * the codes of `kind` (labels are constants of this file, quoted here).
 */
export function labelSql(kind: LabelledEnum, column: string): string {
  const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
  const branches = Object.entries(FRENCH_LABELS[kind])
    .map(([code, label]) => `when ${quote(code)} then ${quote(label)}`)
    .join(' ');
  return `(case ${column} ${branches} else ${column} end)`;
}

/** A SQL expression joining the French labels of a text[] column of codes with `|`. */
export function labelListSql(kind: LabelledEnum, column: string): string {
  return `(select string_agg(${labelSql(kind, 'code')}, '|' order by n) from unnest(${column}) with ordinality as u(code, n))`;
}

/** Code of a French label (or of the code itself), read loosely: accents, case and punctuation ignored. */
export function codeOfLabel<K extends LabelledEnum>(
  kind: K,
  text: string,
  normalise: (text: string) => string,
): keyof (typeof FRENCH_LABELS)[K] | undefined {
  const wanted = normalise(text);
  for (const [code, label] of Object.entries(FRENCH_LABELS[kind]))
    if (normalise(label) === wanted || normalise(code) === wanted) return code as keyof (typeof FRENCH_LABELS)[K];
  return undefined;
}

// Validation problems name accepted values by their French label, the code beside it.
registerValueLabels(...Object.values(FRENCH_LABELS));
