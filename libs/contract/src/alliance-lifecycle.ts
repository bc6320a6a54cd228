import type { AllianceStatus } from './enums.js';

/** Who acts on an alliance: coordination, or a party (proposer or another party) through its members. */
export type AllianceActor = 'coordination' | 'proposer' | 'other_party' | 'party';

interface Transition {
  from: AllianceStatus;
  to: AllianceStatus;
  /** Who may make it (coordination always may). */
  by: readonly AllianceActor[];
  /** Made by the parties' agreements (`POST …/agreements`), not by a move: the last agreement makes it. */
  byAgreement?: true;
}

/**
 * The alliance lifecycle (DOMAIN.md): proposed → under discussion → active →
 * ended, or declined / withdrawn on the way. The proposed parties accept or
 * decline a proposal; the proposer may withdraw it; an alliance under
 * discussion becomes active once every party has recorded its agreement (the
 * last agreement moves it; coordination may also move it directly, with a
 * recorded note); any party may end an active alliance.
 */
export const TRANSITIONS: readonly Transition[] = [
  { from: 'proposed', to: 'under_discussion', by: ['other_party'] },
  { from: 'proposed', to: 'declined', by: ['other_party'] },
  { from: 'proposed', to: 'withdrawn', by: ['proposer'] },
  { from: 'under_discussion', to: 'active', by: [], byAgreement: true },
  { from: 'under_discussion', to: 'declined', by: ['other_party'] },
  { from: 'under_discussion', to: 'withdrawn', by: ['proposer'] },
  { from: 'active', to: 'ended', by: ['party'] },
];

export const FINAL_STATUSES: readonly AllianceStatus[] = ['ended', 'declined', 'withdrawn'];

export function allowedTargets(from: AllianceStatus): AllianceStatus[] {
  return TRANSITIONS.filter((transition) => transition.from === from).map((transition) => transition.to);
}

/** The parts the caller plays on an alliance: coordination, or the party its organisation is. */
export function callerParts(memberActorId: string | null | undefined, proposerActorId: string | null): AllianceActor[] {
  if (!memberActorId) return ['coordination'];
  return [memberActorId === proposerActorId ? 'proposer' : 'other_party'];
}

/** The moves `actors` may make from `from`: coordination all the lifecycle's, a party its own. */
export function allowedMoves(from: AllianceStatus, actors: readonly AllianceActor[]): AllianceStatus[] {
  return allowedTargets(from).filter((to) => checkTransition(from, to, actors).ok);
}

export type TransitionCheck = { ok: true } | { ok: false; reason: 'illegal' | 'not_allowed' | 'agreement_required' };

/** Whether the parties may record their agreement (to make the alliance active). */
export function agreementOpen(status: AllianceStatus): boolean {
  return TRANSITIONS.some((transition) => transition.from === status && transition.byAgreement);
}

/**
 * Whether `actor` may move an alliance from `from` to `to`. A member acting
 * for the proposer is also a party; one acting for another party is also a party.
 */
export function checkTransition(
  from: AllianceStatus,
  to: AllianceStatus,
  actors: readonly AllianceActor[],
): TransitionCheck {
  const transition = TRANSITIONS.find((candidate) => candidate.from === from && candidate.to === to);
  if (!transition) return { ok: false, reason: 'illegal' };
  if (actors.includes('coordination')) return { ok: true };
  if (transition.byAgreement) return { ok: false, reason: 'agreement_required' };
  const roles = new Set<AllianceActor>(actors);
  if (roles.has('proposer') || roles.has('other_party')) roles.add('party');
  return transition.by.some((role) => roles.has(role)) ? { ok: true } : { ok: false, reason: 'not_allowed' };
}

/** Evaluation objects of Le RAMEAU's method, scored 1 to 5 by each party. */
export const EVALUATION_OBJECTS = ['product', 'balance', 'contribution'] as const;
export type EvaluationObject = (typeof EVALUATION_OBJECTS)[number];

/** Scores that differ by this much between parties are flagged as a disagreement. */
export const DISAGREEMENT_GAP = 2;

export function disagreements(scores: Record<EvaluationObject, number>[]): EvaluationObject[] {
  return EVALUATION_OBJECTS.filter((object) => {
    const values = scores.map((score) => score[object]);
    return values.length > 1 && Math.max(...values) - Math.min(...values) >= DISAGREEMENT_GAP;
  });
}

/** What the caller may change of an alliance: its terms (title, description, modes, dates…) and its parties. */
export interface AllianceEditing {
  /** Title, description, modes, forms of patronage, fragilities, priorities, dates and the parties' roles. */
  terms: boolean;
  /** Which actors are parties (adding or removing one). */
  parties: boolean;
}

/** While the parties are still deciding: the set of parties may change. */
const OPEN_TO_PARTIES: readonly AllianceStatus[] = ['proposed', 'under_discussion'];

/**
 * Who may edit an alliance, and what. Coordination corrects any alliance's terms, whatever its
 * status (the record is theirs), and its parties until it becomes active (the parties agreed on
 * each other); the proposing organisation edits its proposal until another party answers it;
 * the other parties answer, discuss and decline, but do not rewrite it.
 */
export function allianceEditing(status: AllianceStatus, actors: readonly AllianceActor[]): AllianceEditing {
  if (actors.includes('coordination')) return { terms: true, parties: OPEN_TO_PARTIES.includes(status) };
  if (actors.includes('proposer') && status === 'proposed') return { terms: true, parties: true };
  return { terms: false, parties: false };
}
