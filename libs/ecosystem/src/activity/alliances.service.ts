import { Injectable } from '@nestjs/common';
import {
  AuditLog,
  decodeCursor,
  DomainEvents,
  DEFAULT_PAGE_SIZE,
  notFound,
  DomainError,
  staleVersion,
  TenantContext,
  toPage,
  Transactions,
  type DomainErrorKind,
  type Page,
  type Db,
} from '@maillage/platform';
import {
  agreementOpen,
  allianceEditing,
  allowedMoves,
  allowedTargets,
  callerParts,
  checkTransition,
  disagreements,
  type AllianceEditing,
  type EvaluationObject,
} from './alliance-lifecycle.js';
import { elided, periodDays, periodLabel } from '@maillage/contract';
import type { EcosystemErrorCode } from '../ecosystem-errors.js';
import { frenchLabel } from '../ecosystem-labels.js';
import { frenchDay, latestDay, todayInFrance } from '../french-days.js';
import { allianceViewerActor, readsAlliance } from './alliance-visibility.js';
import { PrioritiesRepository } from './priorities.repository.js';
import { AlliancesRepository, type AllianceFilters, type AllianceRow } from './alliances.repository.js';
import { transitionEventKind, type AllianceEventData } from './activity.events.js';

export type { AllianceFilters };
import type { AllianceMode, AllianceStatus, Fragility, PatronageKind } from '../ecosystem.types.js';

export interface AllianceInput {
  title: string;
  description?: string;
  parties: { actorId: string; role?: string }[];
  modes: AllianceMode[];
  patronageKinds?: PatronageKind[];
  fragilities?: Fragility[];
  priorityIds?: string[];
  startDate?: string | null;
  endDate?: string | null;
  originActionId?: string | null;
}

export interface AllianceView {
  id: string;
  title: string;
  description: string;
  status: AllianceStatus;
  /** Statuses the caller may move this alliance to next (coordination: every move; a party: its own). */
  nextStatuses: AllianceStatus[];
  /** What the caller may change (`PATCH`): its terms, its parties. */
  editing: AllianceEditing;
  modes: AllianceMode[];
  patronageKinds: PatronageKind[];
  fragilities: Fragility[];
  priorityIds: string[];
  parties: { actorId: string; name: string; category: string; role: string }[];
  proposerActorId: string | null;
  startDate: string | null;
  endDate: string | null;
  originActionId: string | null;
  transitions: {
    from: AllianceStatus | null;
    to: AllianceStatus;
    at: string;
    /** The day it happened (YYYY-MM-DD), as said; `at` is when it was recorded. */
    on: string;
    by: string | null;
    note: string | null;
  }[];
  /** The parties that agreed to make it active (under discussion), and who recorded it. */
  agreements: { actorId: string; name: string; agreedAt: string; agreedBy: string | null; onBehalf: boolean }[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface EvaluationInput {
  actorId: string;
  period: string;
  product: number;
  balance: number;
  contribution: number;
  comment?: string;
}

export interface EvaluationSummary {
  period: string;
  parties: {
    actorId: string;
    name: string;
    scores: Record<EvaluationObject, number>;
    comment: string;
    evaluatedAt: string;
  }[];
  disagreements: EvaluationObject[];
}

/** The alliance as `memberActorId`'s member sees it (undefined: coordination or an administrator). */
/** What the alliance's events say about it. */
export function allianceEventData(row: AllianceRow): AllianceEventData {
  return {
    title: row.title,
    parties: row.parties.map((party) => party.actorId),
    partyNames: row.parties.map((party) => party.name),
    proposerActorId: row.proposer_actor_id,
  };
}

function view(row: AllianceRow, memberActorId: string | undefined): AllianceView {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    status: row.status,
    nextStatuses: allowedMoves(row.status, callerParts(memberActorId, row.proposer_actor_id)),
    editing: allianceEditing(row.status, callerParts(memberActorId, row.proposer_actor_id)),
    modes: row.modes,
    patronageKinds: row.patronage_kinds,
    fragilities: row.fragilities,
    priorityIds: row.priority_ids,
    parties: row.parties,
    proposerActorId: row.proposer_actor_id,
    startDate: row.start_date,
    endDate: row.end_date,
    originActionId: row.origin_action_id,
    transitions: row.transitions.map((t) => ({ ...t, at: new Date(t.at).toISOString() })),
    agreements: row.agreements.map((a) => ({ ...a, agreedAt: new Date(a.agreedAt).toISOString() })),
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The parties whose agreement is still awaited. */
function awaitedParties(row: AllianceRow): string[] {
  const agreed = new Set(row.agreements.map((agreement) => agreement.actorId));
  return row.parties.filter((party) => !agreed.has(party.actorId)).map((party) => party.actorId);
}

function awaitedNames(row: AllianceRow): string[] {
  const awaited = new Set(awaitedParties(row));
  return row.parties.filter((party) => awaited.has(party.actorId)).map((party) => party.name);
}

function problem(kind: DomainErrorKind, code: EcosystemErrorCode, detail: string, field?: string): DomainError {
  return new DomainError(kind, { code, detail, ...(field ? { errors: [{ field, message: detail }] } : {}) });
}

/**
 * A period can be evaluated when the alliance was active during part of it: it began (its start
 * date, or its activation) on or before the period's last day, had not ended before its first day,
 * and the period has begun.
 */
function checkEvaluatedPeriod(row: AllianceRow, period: string): void {
  const { start, end } = periodDays(period);
  // The day it said it began (recorded later) when earlier than its activation.
  const activatedOn = row.transitions.find((transition) => transition.to === 'active')?.on;
  const activeOn = row.start_date && (!activatedOn || row.start_date < activatedOn) ? row.start_date : activatedOn;
  const endedOn =
    row.status === 'ended' ? row.transitions.findLast((transition) => transition.to === 'ended')?.on : undefined;
  const today = todayInFrance();
  const life = `active du ${activeOn ? frenchDay(activeOn) : '?'} ${endedOn ? `au ${frenchDay(endedOn)}` : 'à aujourd’hui'}`;
  if (start > today)
    throw problem(
      'invalid',
      'invalid_period',
      `${capitalised(periodLabel(period))} n’a pas encore commencé.`,
      'period',
    );
  if ((activeOn && activeOn > end) || (endedOn && endedOn < start))
    throw problem(
      'invalid',
      'invalid_period',
      `L’alliance n’était pas active pendant ${periodLabel(period)} (${life}).`,
      'period',
    );
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Alliances between actors: created by coordination, or proposed by a member
 * for the organisation it acts for; moved through their lifecycle by those
 * the lifecycle allows; evaluated by each party. Members see only the
 * alliances their organisation is a party to.
 */
/**
 * A move's day, as said: not in the future, and not before the alliance's last move (its
 * history stays in order); checked before anything is written.
 */
function checkOccurredOn(day: string, row: AllianceRow): void {
  const today = todayInFrance();
  if (day > today) {
    throw new DomainError('invalid', {
      code: 'invalid_transition_date',
      detail: 'La date ne peut pas être dans le futur.',
      errors: [{ field: 'occurredOn', message: 'La date ne peut pas être dans le futur.' }],
    });
  }
  const last = row.transitions.reduce<string | null>((latest, entry) => {
    const on = String(entry.on).slice(0, 10);
    return latest === null || on > latest ? on : latest;
  }, null);
  if (last && day < last) {
    const message = `La date ne peut pas précéder le dernier changement de l’alliance (${frenchDay(last)}).`;
    throw new DomainError('invalid', {
      code: 'invalid_transition_date',
      detail: message,
      errors: [{ field: 'occurredOn', message }],
    });
  }
}

/** The terms' own rules (dates in order and not too far ahead, forms of patronage with the mode). */
function checkTerms(terms: Pick<AllianceInput, 'modes' | 'patronageKinds' | 'startDate' | 'endDate'>): void {
  if (terms.startDate && terms.endDate && terms.endDate < terms.startDate) {
    throw problem('invalid', 'invalid_alliance', 'La fin de l’alliance précède son début.', 'endDate');
  }
  const latest = latestDay();
  for (const field of ['startDate', 'endDate'] as const) {
    const day = terms[field];
    if (day && day > latest)
      throw problem('invalid', 'invalid_alliance', `Date trop lointaine : au plus le ${frenchDay(latest)}.`, field);
  }
  if (terms.patronageKinds?.length && !terms.modes.includes('patronage')) {
    throw problem(
      'invalid',
      'invalid_alliance',
      'Les formes de mécénat supposent le mode « mécénat ».',
      'patronageKinds',
    );
  }
}

/** The parties as given: actor id → role (« partner » when none is said); duplicates keep the last. */
function partyRoles(parties: AllianceInput['parties']): Map<string, string> {
  return new Map(parties.map((party) => [party.actorId, party.role?.trim() || 'partner']));
}

/** An alliance's editable fields as the audit log keeps them. */
function auditedTermsOf(alliance: AllianceView) {
  return {
    title: alliance.title,
    description: alliance.description,
    modes: alliance.modes,
    patronageKinds: alliance.patronageKinds,
    fragilities: alliance.fragilities,
    priorityIds: alliance.priorityIds,
    startDate: alliance.startDate,
    endDate: alliance.endDate,
    originActionId: alliance.originActionId,
    parties: alliance.parties.map((party) => party.actorId),
    partyRoles: alliance.parties.map((party) => ({ name: party.name, role: party.role })),
  };
}

/** Lists compared as sets in the journal: the order a list was sent in is no change. */
function sortedTerms(terms: ReturnType<typeof auditedTermsOf>) {
  return {
    ...terms,
    modes: [...terms.modes].sort(),
    patronageKinds: [...terms.patronageKinds].sort(),
    fragilities: [...terms.fragilities].sort(),
    priorityIds: [...terms.priorityIds].sort(),
    parties: [...terms.parties].sort(),
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && new Set([...a, ...b]).size === new Set(a).size;

@Injectable()
export class AlliancesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly audit: AuditLog,
    private readonly priorities: PrioritiesRepository,
    private readonly alliances: AlliancesRepository,
    private readonly events: DomainEvents,
  ) {}

  /** The organisation a member acts for; coordination and administrators get undefined. */
  private memberActor(): string | undefined {
    return allianceViewerActor(this.context.territory);
  }

  private async load(db: Db, id: string, lock = false): Promise<AllianceRow> {
    const row = await this.alliances.find(db, id, lock);
    const actorId = this.memberActor();
    if (
      !row ||
      !readsAlliance(
        actorId,
        row.parties.map((party) => party.actorId),
      )
    )
      throw notFound();
    return row;
  }

  async create(input: AllianceInput): Promise<AllianceView> {
    const proposer = this.memberActor();
    const parties = partyRoles(input.parties);
    if (parties.size < 2) {
      throw problem('invalid', 'invalid_alliance', 'Une alliance réunit au moins deux acteurs différents.', 'parties');
    }
    if (proposer && !parties.has(proposer)) {
      throw problem(
        'invalid',
        'invalid_alliance',
        'Votre organisation doit être partie à l’alliance que vous proposez.',
        'parties',
      );
    }
    checkTerms(input);
    return this.transactions.tenant(async (db) => {
      if ((await this.alliances.countActiveActors(db, [...parties.keys()])) !== parties.size) {
        throw problem('invalid', 'unknown_actor', 'Certains acteurs n’existent pas dans le territoire.', 'parties');
      }
      if (input.priorityIds?.length) {
        if ((await this.priorities.unknownIds(db, input.priorityIds)).length > 0) {
          throw problem(
            'invalid',
            'unknown_priority',
            'Certains enjeux n’existent pas dans ce territoire.',
            'priorityIds',
          );
        }
      }
      if (input.originActionId) {
        if (!(await this.alliances.actionExists(db, input.originActionId))) {
          throw problem('invalid', 'unknown_action', 'Cette action n’existe pas dans le territoire.', 'originActionId');
        }
      }
      const id = await this.alliances.insert(db, {
        title: input.title.trim(),
        description: input.description?.trim() ?? '',
        modes: [...new Set(input.modes)],
        patronageKinds: [...new Set(input.patronageKinds ?? [])],
        fragilities: [...new Set(input.fragilities ?? [])],
        startDate: input.startDate ?? null,
        endDate: input.endDate ?? null,
        originActionId: input.originActionId ?? null,
        proposedBy: this.context.caller?.userId ?? null,
        proposerActorId: proposer ?? null,
      });
      await this.alliances.addParties(db, id, parties);
      if (input.priorityIds?.length) {
        await this.alliances.addPriorities(db, id, [...new Set(input.priorityIds)]);
      }
      await this.alliances.recordTransition(db, id, null, 'proposed', this.context.caller?.userId ?? null, null);
      const row = await this.load(db, id);
      const created = view(row, this.memberActor());
      await this.events.emit(db, {
        kind: 'alliance.proposed',
        subject: { type: 'alliance', id },
        data: allianceEventData(row),
      });
      await this.audit.record(db, {
        entity: 'alliance',
        entityId: id,
        action: 'create',
        after: {
          title: created.title,
          modes: created.modes,
          parties: created.parties.map((p) => p.actorId),
          status: created.status,
        },
      });
      return created;
    });
  }

  get(id: string): Promise<AllianceView> {
    return this.transactions.tenant(async (db) => view(await this.load(db, id), this.memberActor()));
  }

  /**
   * Changes an alliance (guarded by its version): coordination its terms at any time and its
   * parties until it is active; the proposing organisation its proposal until another party
   * answers. A party removed loses its agreement; one added is awaited like the others.
   */
  async update(id: string, version: number, patch: Partial<AllianceInput>): Promise<AllianceView> {
    return this.transactions.tenant(async (db) => {
      const row = await this.load(db, id, true);
      const ownActor = this.memberActor();
      const editing = allianceEditing(row.status, callerParts(ownActor, row.proposer_actor_id));
      if (!editing.terms) {
        throw problem(
          'forbidden',
          'alliance_not_editable',
          row.proposer_actor_id === ownActor
            ? 'Votre proposition a reçu une réponse : elle ne se modifie plus. Discutez-en avec les autres parties, ou retirez-la.'
            : 'Seule l’organisation qui a proposé l’alliance la modifie, tant qu’aucune autre partie n’y a répondu. Discutez-en avec elle, ou avec la coordination.',
        );
      }
      if (row.version !== version) throw staleVersion(row.version);
      const before = view(row, ownActor);
      // `null` clears a text or a list (PATCH's fields are all optional, null included).
      const priorityIds =
        patch.priorityIds === undefined ? undefined : [...new Set(patch.priorityIds ?? ([] as string[]))];
      const terms = {
        modes: patch.modes ? [...new Set(patch.modes)] : row.modes,
        // Leaving the patronage mode drops its forms, unless new ones are given (then refused).
        patronageKinds: patch.patronageKinds
          ? [...new Set(patch.patronageKinds)]
          : patch.modes && !patch.modes.includes('patronage')
            ? []
            : row.patronage_kinds,
        startDate: patch.startDate === undefined ? row.start_date : patch.startDate,
        endDate: patch.endDate === undefined ? row.end_date : patch.endDate,
      };
      checkTerms(terms);
      const parties = patch.parties ? partyRoles(patch.parties) : undefined;
      const current = row.parties.map((party) => party.actorId);
      const added = parties ? [...parties.keys()].filter((actorId) => !current.includes(actorId)) : [];
      const removed = parties ? current.filter((actorId) => !parties.has(actorId)) : [];
      if (parties) {
        if (parties.size < 2) {
          throw problem(
            'invalid',
            'invalid_alliance',
            'Une alliance réunit au moins deux acteurs différents.',
            'parties',
          );
        }
        if ((added.length > 0 || removed.length > 0) && !editing.parties) {
          throw problem(
            'conflict',
            'parties_locked',
            `Les parties d’une alliance « ${frenchLabel('allianceStatus', row.status)} » ne changent plus : elles s’y sont engagées. Pour d’autres partenaires, proposez une nouvelle alliance.`,
            'parties',
          );
        }
        if (row.proposer_actor_id && !parties.has(row.proposer_actor_id)) {
          const proposer = row.parties.find((party) => party.actorId === row.proposer_actor_id)?.name ?? '';
          throw problem(
            'invalid',
            'invalid_alliance',
            `${proposer} a proposé l’alliance : elle en reste partie (retirer la proposition l’annule).`,
            'parties',
          );
        }
      }
      if (priorityIds?.length && (await this.priorities.unknownIds(db, priorityIds)).length > 0) {
        throw problem(
          'invalid',
          'unknown_priority',
          'Certains enjeux n’existent pas dans ce territoire.',
          'priorityIds',
        );
      }
      if (patch.originActionId && !(await this.alliances.actionExists(db, patch.originActionId))) {
        throw problem('invalid', 'unknown_action', 'Cette action n’existe pas dans le territoire.', 'originActionId');
      }
      // Parties already on it stay, even archived since; a new one must be a current actor.
      if (added.length > 0 && (await this.alliances.countActiveActors(db, added)) !== added.length) {
        throw problem(
          'invalid',
          'unknown_actor',
          'Certains acteurs ajoutés n’existent pas dans le territoire, ou sont archivés.',
          'parties',
        );
      }
      const next = {
        title: patch.title?.trim() ?? row.title,
        description: patch.description === undefined ? row.description : (patch.description ?? '').trim(),
        modes: terms.modes,
        patronageKinds: terms.patronageKinds,
        fragilities: patch.fragilities ? [...new Set(patch.fragilities)] : row.fragilities,
        startDate: terms.startDate ?? null,
        endDate: terms.endDate ?? null,
        originActionId: patch.originActionId === undefined ? row.origin_action_id : patch.originActionId,
      };
      const roleOf = new Map(row.parties.map((party) => [party.actorId, party.role]));
      const partiesChange =
        parties !== undefined &&
        (added.length > 0 ||
          removed.length > 0 ||
          [...parties].some(([actorId, role]) => roleOf.get(actorId) !== role));
      const prioritiesChange = priorityIds !== undefined && !sameSet(priorityIds, row.priority_ids);
      const termsChange =
        next.title !== row.title ||
        next.description !== row.description ||
        !sameSet(next.modes, row.modes) ||
        !sameSet(next.patronageKinds, row.patronage_kinds) ||
        !sameSet(next.fragilities, row.fragilities) ||
        next.startDate !== row.start_date ||
        next.endDate !== row.end_date ||
        next.originActionId !== row.origin_action_id;
      // Nothing to change: no new version, no entry, nobody told.
      if (!termsChange && !partiesChange && !prioritiesChange) return before;
      await this.alliances.update(db, id, next);
      if (parties && partiesChange) await this.alliances.setParties(db, id, parties);
      // Under discussion, the agreements given were to the terms as they were: changed terms, or a
      // new party, are agreed again by all.
      const agreedTermsChange =
        row.status === 'under_discussion' &&
        (added.length > 0 ||
          !sameSet(next.modes, row.modes) ||
          !sameSet(next.patronageKinds, row.patronage_kinds) ||
          next.startDate !== row.start_date ||
          next.endDate !== row.end_date);
      if (agreedTermsChange) await this.alliances.clearAgreements(db, id);
      if (priorityIds && prioritiesChange) {
        await this.alliances.setPriorities(db, id, priorityIds);
      }
      const saved = await this.load(db, id);
      const after = view(saved, ownActor);
      const was = sortedTerms(auditedTermsOf(before));
      const now = sortedTerms(auditedTermsOf(after));
      const fields = (Object.keys(now) as (keyof typeof now)[]).filter(
        (field) => JSON.stringify(was[field]) !== JSON.stringify(now[field]),
      );
      // The roles changed when a party that stays has another (the list also moves with the parties).
      const rolesChanged = saved.parties.some(
        (party) => roleOf.has(party.actorId) && roleOf.get(party.actorId) !== party.role,
      );
      await this.audit.record(db, {
        entity: 'alliance',
        entityId: id,
        action: 'update',
        before: Object.fromEntries(fields.map((field) => [field, was[field]])),
        after: Object.fromEntries(fields.map((field) => [field, now[field]])),
      });
      const names = new Map(row.parties.map((party) => [party.actorId, party.name]));
      await this.events.emit(db, {
        kind: 'alliance.updated',
        subject: { type: 'alliance', id },
        data: {
          ...allianceEventData(saved),
          status: saved.status,
          fields: fields.filter((field) => field !== 'parties' && (field !== 'partyRoles' || rolesChanged)),
          added,
          removed,
          removedNames: removed.map((actorId) => names.get(actorId) ?? ''),
        },
      });
      // The party still awaited was removed, and every other had agreed: active, as the last agreement makes it.
      if (
        saved.status === 'under_discussion' &&
        removed.length > 0 &&
        saved.agreements.length > 0 &&
        awaitedParties(saved).length === 0
      ) {
        await this.move(db, saved, 'active', 'Toutes les parties ont donné leur accord.');
        return view(await this.load(db, id), ownActor);
      }
      return after;
    });
  }

  async list(filters: AllianceFilters, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<AllianceView>> {
    const after = decodeCursor(cursor, { at: 'timestamp', id: 'uuid' });
    const ownActor = this.memberActor();
    const rows = await this.transactions.tenant((db) => this.alliances.list(db, filters, ownActor, after, limit));
    return toPage(
      rows,
      limit,
      (row) => view(row, ownActor),
      (row) => ({ at: row.cursor_at, id: row.id }),
    );
  }

  /** Moves an alliance to `to` if the lifecycle allows it and the caller may; records who and when. */
  async transition(id: string, to: AllianceStatus, note?: string, occurredOn?: string): Promise<AllianceView> {
    return this.transactions.tenant(async (db) => {
      const row = await this.load(db, id, true);
      const ownActor = this.memberActor();
      const check = checkTransition(row.status, to, callerParts(ownActor, row.proposer_actor_id));
      if (!check.ok && check.reason === 'illegal') {
        throw new DomainError('conflict', {
          code: 'illegal_transition',
          detail: `Une alliance « ${frenchLabel('allianceStatus', row.status)} » ne peut pas passer à « ${frenchLabel('allianceStatus', to)} ».`,
          extensions: { from: row.status, to, allowed: allowedTargets(row.status) },
        });
      }
      if (!check.ok && check.reason === 'agreement_required') {
        throw problem(
          'conflict',
          'agreement_required',
          'L’alliance devient active quand toutes les parties ont donné leur accord : ' +
            'enregistrez l’accord de votre organisation (« Donner l’accord de mon organisation »).',
        );
      }
      if (!check.ok) {
        throw problem('forbidden', 'transition_not_allowed', 'Votre organisation ne peut pas faire ce changement.');
      }
      let recorded = note?.trim() || null;
      // Coordination may activate without every agreement: the transition says so.
      if (agreementOpen(row.status) && to === 'active' && awaitedParties(row).length > 0) {
        const forced = `Activée par la coordination sans l’accord ${elided('de', awaitedNames(row).join(', '))}.`;
        recorded = recorded ? `${forced} ${recorded}` : forced;
      }
      if (occurredOn) checkOccurredOn(occurredOn, row);
      await this.move(db, row, to, recorded, occurredOn ?? null);
      return view(await this.load(db, id), this.memberActor());
    });
  }

  /** Moves the (locked) alliance, records the transition, audits it and tells its parties. */
  private async move(
    db: Db,
    row: AllianceRow,
    to: AllianceStatus,
    note: string | null,
    occurredOn: string | null = null,
  ): Promise<void> {
    await this.alliances.setStatus(db, row.id, to);
    await this.alliances.recordTransition(
      db,
      row.id,
      row.status,
      to,
      this.context.caller?.userId ?? null,
      note,
      occurredOn,
    );
    await this.audit.record(db, {
      entity: 'alliance',
      entityId: row.id,
      action: 'transition',
      before: { status: row.status },
      after: { status: to },
    });
    await this.events.emit(db, {
      kind: transitionEventKind(row.status, to),
      subject: { type: 'alliance', id: row.id },
      data: { ...allianceEventData(row), from: row.status, to, note },
    });
  }

  /**
   * Records a party's agreement to make the alliance active: a member for its
   * own organisation, a coordinator on a party's behalf (recorded as such).
   * The last agreement makes the alliance active, in the same transaction.
   */
  async agree(id: string, actorId: string): Promise<AllianceView> {
    return this.transactions.tenant(async (db) => {
      const row = await this.load(db, id, true);
      const ownActor = this.memberActor();
      if (ownActor && ownActor !== actorId) {
        throw problem('forbidden', 'forbidden', 'Vous donnez l’accord de votre organisation seulement.');
      }
      const party = row.parties.find((candidate) => candidate.actorId === actorId);
      if (!party) throw problem('invalid', 'not_a_party', 'Cet acteur n’est pas partie à l’alliance.', 'actorId');
      if (!agreementOpen(row.status)) {
        throw problem('conflict', 'not_agreeable', 'Seule une alliance en discussion attend l’accord de ses parties.');
      }
      const onBehalf = !ownActor;
      if (!(await this.alliances.addAgreement(db, id, actorId, this.context.caller?.userId ?? null, onBehalf))) {
        throw problem('conflict', 'already_agreed', `${party.name} a déjà donné son accord.`);
      }
      const agreed = (await this.load(db, id)) as AllianceRow;
      const awaited = awaitedParties(agreed);
      await this.audit.record(db, {
        entity: 'alliance_agreement',
        entityId: `${id}:${actorId}`,
        action: 'agree',
        after: { actorId, onBehalf },
      });
      await this.events.emit(db, {
        kind: 'alliance.agreed',
        subject: { type: 'alliance', id },
        data: { ...allianceEventData(row), actorId, actorName: party.name, onBehalf, awaited },
      });
      if (awaited.length === 0) {
        await this.move(db, agreed, 'active', 'Toutes les parties ont donné leur accord.');
      }
      return view(await this.load(db, id), ownActor);
    });
  }

  /** A party's scores for a period; members score only for their own organisation. */
  async evaluate(id: string, input: EvaluationInput): Promise<EvaluationSummary[]> {
    return this.transactions.tenant(async (db) => {
      const row = await this.load(db, id, true);
      const ownActor = this.memberActor();
      if (ownActor && ownActor !== input.actorId) {
        throw problem('forbidden', 'forbidden', 'Vous évaluez au nom de votre organisation seulement.');
      }
      if (!row.parties.some((party) => party.actorId === input.actorId)) {
        throw problem('invalid', 'not_a_party', 'Cet acteur n’est pas partie à l’alliance.', 'actorId');
      }
      if (!['active', 'ended'].includes(row.status)) {
        throw problem('conflict', 'not_evaluable', 'Seule une alliance active ou terminée peut être évaluée.');
      }
      checkEvaluatedPeriod(row, input.period);
      await this.alliances.saveEvaluation(db, id, {
        actorId: input.actorId,
        period: input.period,
        product: input.product,
        balance: input.balance,
        contribution: input.contribution,
        comment: input.comment?.trim() ?? '',
        evaluatedBy: this.context.caller?.userId ?? null,
      });
      await this.audit.record(db, {
        entity: 'alliance_evaluation',
        entityId: `${id}:${input.actorId}:${input.period}`,
        action: 'evaluate',
        after: { product: input.product, balance: input.balance, contribution: input.contribution },
      });
      await this.events.emit(db, {
        kind: 'alliance.evaluated',
        subject: { type: 'alliance', id },
        data: {
          ...allianceEventData(row),
          period: input.period,
          actorId: input.actorId,
          actorName: row.parties.find((party) => party.actorId === input.actorId)?.name ?? '',
        },
      });
      return this.summarise(db, id);
    });
  }

  evaluations(id: string): Promise<EvaluationSummary[]> {
    return this.transactions.tenant(async (db) => {
      await this.load(db, id);
      return this.summarise(db, id);
    });
  }

  private async summarise(db: Db, id: string): Promise<EvaluationSummary[]> {
    const rows = await this.alliances.evaluations(db, id);
    const byPeriod = new Map<string, EvaluationSummary>();
    for (const row of rows) {
      const summary = byPeriod.get(row.period) ?? { period: row.period, parties: [], disagreements: [] };
      summary.parties.push({
        actorId: row.actor_id,
        name: row.name,
        scores: { product: row.product, balance: row.balance, contribution: row.contribution },
        comment: row.comment,
        evaluatedAt: row.evaluated_at.toISOString(),
      });
      byPeriod.set(row.period, summary);
    }
    return [...byPeriod.values()].map((summary) => ({
      ...summary,
      disagreements: disagreements(summary.parties.map((party) => party.scores)),
    }));
  }
}
