import { Injectable } from '@nestjs/common';
import {
  AuditLog,
  DomainEvents,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  notFound,
  DomainError,
  staleVersion,
  TenantContext,
  toPage,
  Transactions,
  type FieldProblem,
  type Page,
  type Db,
} from '@maillage/platform';
import { PrioritiesRepository } from './priorities.repository.js';
import { ActionsRepository, type ActionFilters, type ActionRow } from './actions.repository.js';
import { FRENCH_LABELS } from '../ecosystem-labels.js';
import { frenchDay, latestDay, todayInFrance } from '../french-days.js';

export type { ActionFilters };
import type { ActionType, ExperimentPhase, ParticipantRole } from '../ecosystem.types.js';

export interface AnimationDetails {
  format: string;
  place?: string | null;
  headcount?: number | null;
  topics?: string[];
}

export interface ExperimentDetails {
  phase: ExperimentPhase;
  /**
   * Input only: the day the phase began (YYYY-MM-DD), when it changes; today in France by default.
   * Not in the future, not before the action's start nor the previous phase's day.
   */
  phaseOccurredOn?: string;
  objectives?: string[];
  indicators?: { name: string; unit?: string | null; target?: number | null; measured?: number | null }[];
}

export interface SupportDetails {
  supportedActorId: string;
  diagnosis?: string;
  outcome?: string;
  sessions?: { date: string; minutes: number; notes?: string }[];
  resultingAllianceIds?: string[];
}

export interface ActionInput {
  type: ActionType;
  title: string;
  description?: string;
  startDate: string;
  endDate?: string | null;
  outcomes?: string;
  followUps?: string;
  priorityIds?: string[];
  participants?: { actorId: string; role: ParticipantRole }[];
  animation?: AnimationDetails;
  experiment?: ExperimentDetails;
  support?: SupportDetails;
}

export interface ActionView {
  id: string;
  type: ActionType;
  title: string;
  description: string;
  startDate: string;
  endDate: string | null;
  outcomes: string;
  followUps: string;
  priorityIds: string[];
  participants: { actorId: string; name: string; role: ParticipantRole }[];
  animation?: AnimationDetails;
  experiment?: Omit<ExperimentDetails, 'phaseOccurredOn'> & {
    /** Oldest first; `at` is when it was recorded, `on` the day the phase began. */
    phaseHistory: { phase: ExperimentPhase; at: string; on: string; by: string | null }[];
  };
  support?: SupportDetails & { totalMinutes: number };
  version: number;
  createdAt: string;
  updatedAt: string;
}

const BLOCK: Record<ActionType, 'animation' | 'experiment' | 'support'> = {
  animation: 'animation',
  collective_experiment: 'experiment',
  support: 'support',
};

function view(row: ActionRow): ActionView {
  const base = {
    id: row.id,
    type: row.type,
    title: row.title,
    description: row.description,
    startDate: row.start_date,
    endDate: row.end_date,
    outcomes: row.outcomes,
    followUps: row.follow_ups,
    priorityIds: row.priority_ids,
    participants: row.participants,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
  if (row.type === 'animation') return { ...base, animation: row.details as unknown as AnimationDetails };
  if (row.type === 'collective_experiment') {
    return {
      ...base,
      experiment: {
        ...(row.details as unknown as Omit<ExperimentDetails, 'phase'>),
        phase: row.phase as ExperimentPhase,
        phaseHistory: row.phase_history.map((entry) => ({ ...entry, at: new Date(entry.at).toISOString() })),
      },
    };
  }
  const details = row.details as unknown as Omit<SupportDetails, 'supportedActorId'>;
  return {
    ...base,
    support: {
      ...details,
      supportedActorId: row.supported_actor_id as string,
      totalMinutes: (details.sessions ?? []).reduce((total, session) => total + session.minutes, 0),
    },
  };
}

const PHASE_DATE_FIELD = 'experiment.phaseOccurredOn';

function invalidPhaseDate(message: string): DomainError {
  return new DomainError('invalid', {
    code: 'invalid_phase_date',
    detail: message,
    errors: [{ field: PHASE_DATE_FIELD, message }],
  });
}

/**
 * The day a phase began, as said: not in the future, not before the action's start, not before
 * the previous phase's day (the history stays in order); checked before anything is written.
 */
function checkPhaseOccurredOn(day: string, startDate: string, history: ActionRow['phase_history']): void {
  if (day > todayInFrance()) throw invalidPhaseDate('La date ne peut pas être dans le futur.');
  if (day < startDate) {
    throw invalidPhaseDate(`La date ne peut pas précéder le début de l’action (${frenchDay(startDate)}).`);
  }
  const last = history.reduce<string | null>((latest, entry) => {
    const on = String(entry.on).slice(0, 10);
    return latest === null || on > latest ? on : latest;
  }, null);
  if (last && day < last) {
    throw invalidPhaseDate(`La date ne peut pas précéder celle de l’étape précédente (${frenchDay(last)}).`);
  }
}

/**
 * Each actor takes part in an action once, in one role: an actor listed twice is refused, named,
 * rather than one of its roles kept silently. A support's organisation supported is not one of
 * its participants too (it is counted, and shown, as the one supported).
 */
function checkParticipants(
  participants: { actorId: string }[],
  supportedActorId: string | undefined,
  names: Map<string, string>,
): void {
  const times = new Map<string, number>();
  for (const { actorId } of participants) times.set(actorId, (times.get(actorId) ?? 0) + 1);
  const name = (actorId: string) => names.get(actorId) ?? 'Un acteur';
  const problems: FieldProblem[] = [...times]
    .filter(([, count]) => count > 1)
    .map(([actorId, count]) => ({
      field: 'participants',
      message: `${name(actorId)} figure ${count === 2 ? 'deux' : count} fois parmi les participants.`,
    }));
  if (supportedActorId && times.has(supportedActorId)) {
    problems.push({
      field: 'participants',
      message: `${name(supportedActorId)} est l’organisation accompagnée : elle ne peut pas figurer aussi parmi les participants.`,
    });
  }
  if (problems.length > 0) {
    throw new DomainError('invalid', {
      code: 'invalid_action',
      detail: problems.map((problem) => problem.message).join(' '),
      errors: problems,
    });
  }
}

/** The three actions of co-construction: animation, collective experiments, support of organisations. */
@Injectable()
export class ActionsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly audit: AuditLog,
    private readonly priorities: PrioritiesRepository,
    private readonly actions: ActionsRepository,
    private readonly events: DomainEvents,
  ) {}

  /** Each type carries its own block of facts, and only its own. */
  private checkBlocks(input: Partial<ActionInput>, type: ActionType, creating: boolean): void {
    const problems: FieldProblem[] = [];
    for (const block of ['animation', 'experiment', 'support'] as const) {
      if (input[block] !== undefined && block !== BLOCK[type]) {
        problems.push({
          field: block,
          message: `ne s’applique pas à une action « ${FRENCH_LABELS.actionType[type]} »`,
        });
      }
    }
    if (creating && input[BLOCK[type]] === undefined) {
      problems.push({
        field: BLOCK[type],
        message: `obligatoire pour une action « ${FRENCH_LABELS.actionType[type]} »`,
      });
    }
    const latest = latestDay();
    for (const field of ['startDate', 'endDate'] as const) {
      const day = input[field];
      if (day && day > latest)
        problems.push({ field, message: `date trop lointaine : au plus le ${frenchDay(latest)}` });
    }
    if (input.endDate && input.startDate && input.endDate < input.startDate) {
      problems.push({ field: 'endDate', message: 'la fin précède le début' });
    }
    if (problems.length > 0) {
      throw new DomainError('invalid', {
        code: 'invalid_action',
        detail: 'Les informations de l’action ne correspondent pas à son type.',
        errors: problems,
      });
    }
  }

  /**
   * The actors, priorities and alliances the input names exist in the territory. An archived actor
   * may not be newly added (as for alliances); one the action already names stays, so that an old
   * action can still be edited. The same for a resulting alliance the action already names.
   */
  private async checkReferences(db: Db, input: Partial<ActionInput>, before?: ActionView): Promise<void> {
    const actorIds = [
      ...(input.participants ?? []).map((p) => p.actorId),
      ...(input.support ? [input.support.supportedActorId] : []),
    ];
    const unique = [...new Set(actorIds)];
    // The names of the actors the input lists, and of those the action already names.
    const names = new Map(before?.participants.map((participant) => [participant.actorId, participant.name]));
    if (unique.length) {
      const states = await this.actions.actorStates(db, unique);
      if (states.length !== unique.length) {
        throw new DomainError('invalid', {
          code: 'unknown_actor',
          detail: 'Certains acteurs n’existent pas dans le territoire.',
          errors: [{ field: 'participants', message: 'acteur inconnu' }],
        });
      }
      const named = new Set([
        ...(before?.participants.map((participant) => participant.actorId) ?? []),
        ...(before?.support?.supportedActorId ? [before.support.supportedActorId] : []),
      ]);
      if (states.some((state) => state.archived && !named.has(state.id))) {
        throw new DomainError('invalid', {
          code: 'archived_actor',
          detail:
            'Certains acteurs sont archivés : réactivez leur fiche dans l’annuaire pour les associer à une action.',
          errors: [{ field: 'participants', message: 'acteur archivé' }],
        });
      }
      for (const state of states) names.set(state.id, state.name);
    }
    // The side the input leaves out is the stored one: changing either may make the two meet.
    if (input.participants !== undefined || input.support !== undefined) {
      checkParticipants(
        input.participants ?? before?.participants ?? [],
        input.support?.supportedActorId ?? before?.support?.supportedActorId,
        names,
      );
    }
    const alliances = [...new Set(input.support?.resultingAllianceIds ?? [])];
    const kept = new Set(before?.support?.resultingAllianceIds ?? []);
    const unknownAlliances = alliances.length
      ? (await this.actions.unknownAllianceIds(db, alliances)).filter((id) => !kept.has(id))
      : [];
    if (unknownAlliances.length > 0) {
      throw new DomainError('invalid', {
        code: 'unknown_alliance',
        detail: 'Certaines alliances n’existent pas dans ce territoire.',
        errors: [{ field: 'support.resultingAllianceIds', message: 'alliance inconnue' }],
      });
    }
    const priorities = [...new Set(input.priorityIds ?? [])];
    if (priorities.length) {
      if ((await this.priorities.unknownIds(db, priorities)).length > 0) {
        throw new DomainError('invalid', {
          code: 'unknown_priority',
          detail: 'Certains enjeux n’existent pas dans ce territoire.',
          errors: [{ field: 'priorityIds', message: 'enjeu inconnu' }],
        });
      }
    }
  }

  private details(input: Partial<ActionInput>, type: ActionType): Record<string, unknown> | undefined {
    if (type === 'animation') return input.animation ? { ...input.animation } : undefined;
    if (type === 'collective_experiment') {
      if (!input.experiment) return undefined;
      const { phase: _phase, phaseOccurredOn: _on, ...rest } = input.experiment;
      return rest;
    }
    if (!input.support) return undefined;
    const { supportedActorId: _supported, ...rest } = input.support;
    return rest;
  }

  private async load(db: Db, id: string, lock = false): Promise<ActionRow> {
    const row = await this.actions.find(db, id, lock);
    if (!row) throw notFound();
    return row;
  }

  /** Replaces the action's priorities and participants; a new action has none to remove. */
  private async setLinks(db: Db, id: string, input: Partial<ActionInput>, created = false): Promise<void> {
    if (input.priorityIds) await this.actions.setPriorities(db, id, [...new Set(input.priorityIds)], created);
    if (input.participants) {
      const roles = new Map(input.participants.map((participant) => [participant.actorId, participant.role]));
      await this.actions.setParticipants(db, id, roles, created);
    }
  }

  private async recordPhase(db: Db, id: string, phase: ExperimentPhase, occurredOn?: string): Promise<void> {
    await this.actions.recordPhase(db, id, phase, this.context.caller?.userId ?? null, occurredOn ?? null);
  }

  /** Records the action's event: `added` are the organisations counted now and not before. */
  private async recorded(db: Db, action: ActionView, before: ActionView | undefined): Promise<void> {
    const concerned = (it: ActionView | undefined) =>
      new Set([
        ...(it?.participants.map((participant) => participant.actorId) ?? []),
        ...(it?.support?.supportedActorId ? [it.support.supportedActorId] : []),
      ]);
    const now = concerned(action);
    const then = concerned(before);
    await this.events.emit(db, {
      kind: 'action.recorded',
      subject: { type: 'action', id: action.id },
      data: {
        title: action.title,
        type: action.type,
        startDate: action.startDate,
        participants: [...now],
        added: [...now].filter((actorId) => !then.has(actorId)),
      },
    });
  }

  async create(input: ActionInput): Promise<ActionView> {
    this.checkBlocks(input, input.type, true);
    const phaseOccurredOn = input.experiment?.phaseOccurredOn;
    if (phaseOccurredOn) checkPhaseOccurredOn(phaseOccurredOn, input.startDate, []);
    return this.transactions.tenant(async (db) => {
      await this.checkReferences(db, input);
      const id = await this.actions.insert(
        db,
        input.type,
        {
          title: input.title.trim(),
          description: input.description?.trim() ?? '',
          startDate: input.startDate,
          endDate: input.endDate ?? null,
          outcomes: input.outcomes?.trim() ?? '',
          followUps: input.followUps?.trim() ?? '',
          details: JSON.stringify(this.details(input, input.type) ?? {}),
          phase: input.experiment?.phase ?? null,
          supportedActorId: input.support?.supportedActorId ?? null,
        },
        this.context.caller?.userId ?? null,
      );
      await this.setLinks(db, id, input, true);
      if (input.experiment) await this.recordPhase(db, id, input.experiment.phase, phaseOccurredOn);
      const created = view(await this.load(db, id));
      await this.audit.record(db, { entity: 'action', entityId: id, action: 'create', after: { ...created } });
      await this.recorded(db, created, undefined);
      return created;
    });
  }

  get(id: string): Promise<ActionView> {
    return this.transactions.tenant(async (db) => view(await this.load(db, id)));
  }

  async update(id: string, version: number, patch: Partial<Omit<ActionInput, 'type'>>): Promise<ActionView> {
    return this.transactions.tenant(async (db) => {
      const current = await this.load(db, id, true);
      if (current.version !== version) throw staleVersion(current.version);
      this.checkBlocks(
        {
          ...patch,
          startDate: patch.startDate ?? current.start_date,
          endDate: patch.endDate === undefined ? current.end_date : patch.endDate,
        },
        current.type,
        false,
      );
      const before = view(current);
      await this.checkReferences(db, patch, before);
      const details = this.details(patch, current.type);
      const newPhase = patch.experiment?.phase;
      const changesPhase = newPhase !== undefined && newPhase !== current.phase;
      const phaseOccurredOn = patch.experiment?.phaseOccurredOn;
      if (phaseOccurredOn) {
        if (!changesPhase) throw invalidPhaseDate('La date ne s’applique qu’à un changement d’étape.');
        checkPhaseOccurredOn(phaseOccurredOn, patch.startDate ?? current.start_date, current.phase_history);
      }
      await this.actions.update(db, id, {
        title: patch.title?.trim() ?? current.title,
        description: patch.description?.trim() ?? current.description,
        startDate: patch.startDate ?? current.start_date,
        endDate: patch.endDate === undefined ? current.end_date : patch.endDate,
        outcomes: patch.outcomes?.trim() ?? current.outcomes,
        followUps: patch.followUps?.trim() ?? current.follow_ups,
        details: JSON.stringify(details ?? current.details),
        phase: newPhase ?? current.phase,
        supportedActorId: patch.support?.supportedActorId ?? current.supported_actor_id,
      });
      await this.setLinks(db, id, patch);
      if (changesPhase) await this.recordPhase(db, id, newPhase, phaseOccurredOn);
      const after = view(await this.load(db, id));
      await this.audit.record(db, {
        entity: 'action',
        entityId: id,
        action: 'update',
        before: { ...before },
        after: { ...after },
      });
      await this.recorded(db, after, before);
      return after;
    });
  }

  async remove(id: string): Promise<void> {
    await this.transactions.tenant(async (db) => {
      const current = view(await this.load(db, id, true));
      await this.actions.delete(db, id);
      await this.audit.record(db, { entity: 'action', entityId: id, action: 'delete', before: { ...current } });
      await this.events.emit(db, {
        kind: 'action.deleted',
        subject: { type: 'action', id },
        data: { title: current.title, type: current.type },
      });
    });
  }

  async list(filters: ActionFilters, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<ActionView>> {
    const after = decodeCursor(cursor, { date: 'date', id: 'uuid' });
    const rows = await this.transactions.tenant((db) => this.actions.list(db, filters, after, limit));
    return toPage(rows, limit, view, (row) => ({ date: row.start_date, id: row.id }));
  }
}
