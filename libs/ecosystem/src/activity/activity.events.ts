import type { ActionType, AllianceStatus } from '../ecosystem.types.js';

/** An alliance as its events describe it: enough to tell its parties and the coordination. */
export interface AllianceEventData {
  title: string;
  /** The parties' actor ids, and their names as they were then. */
  parties: string[];
  partyNames: string[];
  /** The organisation that proposed it (a member's), null when the coordination recorded it. */
  proposerActorId: string | null;
}

export interface AllianceTransitionData extends AllianceEventData {
  from: AllianceStatus;
  to: AllianceStatus;
  note: string | null;
}

declare module '@maillage/platform' {
  interface DomainEventCatalogue {
    /** An alliance proposed by a member, or recorded by the coordination. */
    'alliance.proposed': AllianceEventData;
    /** The proposed parties took the proposal into discussion, or declined it. */
    'alliance.proposal_answered': AllianceTransitionData;
    /** The proposer withdrew its proposal (an immediate mail about it is then dropped). */
    'alliance.proposal_withdrawn': AllianceTransitionData;
    /** Any other move of the lifecycle (active, ended). */
    'alliance.transitioned': AllianceTransitionData;
    /**
     * The alliance was edited (its terms, its parties): `fields` are the terms that changed, by their
     * names in the API; `added` and `removed` the parties that joined or left (removed: their names then).
     */
    'alliance.updated': AllianceEventData & {
      status: AllianceStatus;
      fields: string[];
      added: string[];
      removed: string[];
      removedNames: string[];
    };
    /** A party agreed to make the alliance active (a coordinator may record it on the party's behalf). */
    'alliance.agreed': AllianceEventData & { actorId: string; actorName: string; onBehalf: boolean; awaited: string[] };
    /** A party scored a period. */
    'alliance.evaluated': AllianceEventData & { period: string; actorId: string; actorName: string };
    /** A period ended: the parties that have not scored it are awaited. */
    'alliance.evaluation_due': AllianceEventData & { period: string; awaited: string[] };
    /** An action recorded or changed; `added` are the organisations it now counts that it did not before. */
    'action.recorded': { title: string; type: ActionType; startDate: string; participants: string[]; added: string[] };
    'action.deleted': { title: string; type: ActionType };
    'priority.saved': { title: string; created: boolean };
    'priority.deleted': { title: string };
  }
}

/** The kind of event a transition is, as its parties see it. */
export function transitionEventKind(
  from: AllianceStatus,
  to: AllianceStatus,
): 'alliance.proposal_answered' | 'alliance.proposal_withdrawn' | 'alliance.transitioned' {
  if (to === 'withdrawn') return 'alliance.proposal_withdrawn';
  if (from === 'proposed') return 'alliance.proposal_answered';
  return 'alliance.transitioned';
}
