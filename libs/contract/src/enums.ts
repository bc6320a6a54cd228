export const ACTOR_CATEGORIES = [
  'association',
  'company',
  'public_body',
  'foundation',
  'academic',
  'support_structure',
  'citizen_group',
] as const;
export type ActorCategory = (typeof ACTOR_CATEGORIES)[number];

export const SIZE_CLASSES = ['micro', 'sme', 'mid_cap', 'large'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

export const FRAGILITIES = ['economic', 'social', 'environmental', 'societal'] as const;
export type Fragility = (typeof FRAGILITIES)[number];

export const ACTION_TYPES = ['animation', 'collective_experiment', 'support'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export const EXPERIMENT_PHASES = ['emergence', 'design', 'experimentation', 'evaluation', 'scaling'] as const;
export type ExperimentPhase = (typeof EXPERIMENT_PHASES)[number];

export const PARTICIPANT_ROLES = [
  'organiser',
  'participant',
  'pilot',
  'partner',
  'funder',
  'beneficiary',
  'supported',
  'speaker',
] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const ALLIANCE_MODES = [
  'responsible_practices',
  'patronage',
  'economic_cooperation',
  'societal_innovation',
] as const;
export type AllianceMode = (typeof ALLIANCE_MODES)[number];

export const PATRONAGE_KINDS = ['financial', 'skills', 'in_kind'] as const;
export type PatronageKind = (typeof PATRONAGE_KINDS)[number];

export const ALLIANCE_STATUSES = ['proposed', 'under_discussion', 'active', 'ended', 'declined', 'withdrawn'] as const;
export type AllianceStatus = (typeof ALLIANCE_STATUSES)[number];

export const PRIORITY_STATUSES = ['active', 'achieved', 'abandoned'] as const;
export type PriorityStatus = (typeof PRIORITY_STATUSES)[number];
