import { HttpStatus, Injectable } from '@nestjs/common';
import {
  AuditLog,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  notFound,
  ProblemException,
  staleVersion,
  TenantContext,
  toPage,
  Transactions,
  type FieldProblem,
  type Page,
  type Db,
} from '@maillage/platform';
import { PrioritiesRepository } from './priorities.repository.js';
import type { ActionType, ExperimentPhase, ParticipantRole } from '../ecosystem.types.js';

export interface AnimationDetails {
  format: string;
  place?: string | null;
  headcount?: number | null;
  topics?: string[];
}

export interface ExperimentDetails {
  phase: ExperimentPhase;
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
  experiment?: ExperimentDetails & { phaseHistory: { phase: ExperimentPhase; at: string; by: string | null }[] };
  support?: SupportDetails & { totalMinutes: number };
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ActionFilters {
  type?: ActionType;
  from?: string;
  to?: string;
  actorId?: string;
  priorityId?: string;
}

interface ActionRow {
  id: string;
  type: ActionType;
  title: string;
  description: string;
  start_date: string;
  end_date: string | null;
  outcomes: string;
  follow_ups: string;
  details: Record<string, unknown>;
  phase: ExperimentPhase | null;
  supported_actor_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  priority_ids: string[];
  participants: { actorId: string; name: string; role: ParticipantRole }[];
  phase_history: { phase: ExperimentPhase; at: string; by: string | null }[];
}

export const ACTION_SELECT = `
  select x.id, x.type, x.title, x.description, to_char(x.start_date, 'YYYY-MM-DD') as start_date,
         to_char(x.end_date, 'YYYY-MM-DD') as end_date, x.outcomes, x.follow_ups, x.details, x.phase,
         x.supported_actor_id, x.version, x.created_at, x.updated_at,
         coalesce((select array_agg(p.priority_id) from action_priorities p
                   where p.territory_id = x.territory_id and p.action_id = x.id), '{}') as priority_ids,
         coalesce((select json_agg(json_build_object('actorId', ap.actor_id, 'name', a.name, 'role', ap.role) order by a.name)
                   from action_participants ap join actors a on a.territory_id = ap.territory_id and a.id = ap.actor_id
                   where ap.territory_id = x.territory_id and ap.action_id = x.id), '[]') as participants,
         coalesce((select json_agg(json_build_object('phase', h.phase, 'at', h.changed_at, 'by', h.changed_by) order by h.id)
                   from action_phase_history h
                   where h.territory_id = x.territory_id and h.action_id = x.id), '[]') as phase_history
  from actions x`;

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

/** The three actions of co-construction: animation, collective experiments, support of organisations. */
@Injectable()
export class ActionsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly audit: AuditLog,
    private readonly priorities: PrioritiesRepository,
  ) {}

  /** Each type carries its own block of facts, and only its own. */
  private checkBlocks(input: Partial<ActionInput>, type: ActionType, creating: boolean): void {
    const problems: FieldProblem[] = [];
    for (const block of ['animation', 'experiment', 'support'] as const) {
      if (input[block] !== undefined && block !== BLOCK[type]) {
        problems.push({ field: block, message: `ne s’applique pas à une action « ${type} »` });
      }
    }
    if (creating && input[BLOCK[type]] === undefined) {
      problems.push({ field: BLOCK[type], message: `obligatoire pour une action « ${type} »` });
    }
    if (input.endDate && input.startDate && input.endDate < input.startDate) {
      problems.push({ field: 'endDate', message: 'la fin précède le début' });
    }
    if (problems.length > 0) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, {
        code: 'invalid_action',
        detail: 'Les informations de l’action ne correspondent pas à son type.',
        errors: problems,
      });
    }
  }

  private async checkReferences(db: Db, input: Partial<ActionInput>): Promise<void> {
    const actorIds = [
      ...(input.participants ?? []).map((p) => p.actorId),
      ...(input.support ? [input.support.supportedActorId] : []),
    ];
    const unique = [...new Set(actorIds)];
    if (unique.length) {
      const found: unknown[] = await db.query(`select 1 from actors where id = any($1::uuid[])`, [unique]);
      if (found.length !== unique.length) {
        throw new ProblemException(HttpStatus.BAD_REQUEST, {
          code: 'unknown_actor',
          detail: 'Certains acteurs n’existent pas dans le territoire.',
          errors: [{ field: 'participants', message: 'acteur inconnu' }],
        });
      }
    }
    const priorities = [...new Set(input.priorityIds ?? [])];
    if (priorities.length) {
      if ((await this.priorities.unknownIds(db, priorities)).length > 0) {
        throw new ProblemException(HttpStatus.BAD_REQUEST, {
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
      const { phase: _phase, ...rest } = input.experiment;
      return rest;
    }
    if (!input.support) return undefined;
    const { supportedActorId: _supported, ...rest } = input.support;
    return rest;
  }

  private async load(db: Db, id: string, lock = false): Promise<ActionRow> {
    if (lock) await db.query(`select 1 from actions where id = $1 for update`, [id]);
    const rows: ActionRow[] = await db.query(`${ACTION_SELECT} where x.id = $1`, [id]);
    if (!rows[0]) throw notFound();
    return rows[0];
  }

  /** Replaces the action's priorities and participants; a new action has none to remove. */
  private async setLinks(db: Db, id: string, input: Partial<ActionInput>, created = false): Promise<void> {
    if (input.priorityIds) {
      if (!created) await db.query(`delete from action_priorities where action_id = $1`, [id]);
      await db.query(
        `insert into action_priorities (action_id, priority_id)
         select $1, unnest($2::uuid[])`,
        [id, [...new Set(input.priorityIds)]],
      );
    }
    if (input.participants) {
      const roles = new Map(input.participants.map((participant) => [participant.actorId, participant.role]));
      if (!created) await db.query(`delete from action_participants where action_id = $1`, [id]);
      await db.query(
        `insert into action_participants (action_id, actor_id, role)
         select $1, unnest($2::uuid[]), unnest($3::text[])`,
        [id, [...roles.keys()], [...roles.values()]],
      );
    }
  }

  private async recordPhase(db: Db, id: string, phase: ExperimentPhase): Promise<void> {
    await db.query(
      `insert into action_phase_history (action_id, phase, changed_by)
       values ($1, $2, $3)`,
      [id, phase, this.context.caller?.userId ?? null],
    );
  }

  async create(input: ActionInput): Promise<ActionView> {
    this.checkBlocks(input, input.type, true);
    return this.transactions.tenant(async (db) => {
      await this.checkReferences(db, input);
      const rows: { id: string }[] = await db.query(
        `insert into actions (type, title, description, start_date, end_date, outcomes, follow_ups, details,
                              phase, supported_actor_id, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         returning id`,
        [
          input.type,
          input.title.trim(),
          input.description?.trim() ?? '',
          input.startDate,
          input.endDate ?? null,
          input.outcomes?.trim() ?? '',
          input.followUps?.trim() ?? '',
          JSON.stringify(this.details(input, input.type) ?? {}),
          input.experiment?.phase ?? null,
          input.support?.supportedActorId ?? null,
          this.context.caller?.userId ?? null,
        ],
      );
      const id = (rows[0] as { id: string }).id;
      await this.setLinks(db, id, input, true);
      if (input.experiment) await this.recordPhase(db, id, input.experiment.phase);
      const created = view(await this.load(db, id));
      await this.audit.record(db, { entity: 'action', entityId: id, action: 'create', after: { ...created } });
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
      await this.checkReferences(db, patch);
      const before = view(current);
      const details = this.details(patch, current.type);
      const newPhase = patch.experiment?.phase;
      await db.query(
        `update actions set title = $2, description = $3, start_date = $4, end_date = $5, outcomes = $6, follow_ups = $7,
                details = $8, phase = $9, supported_actor_id = $10, version = version + 1, updated_at = now()
         where id = $1`,
        [
          id,
          patch.title?.trim() ?? current.title,
          patch.description?.trim() ?? current.description,
          patch.startDate ?? current.start_date,
          patch.endDate === undefined ? current.end_date : patch.endDate,
          patch.outcomes?.trim() ?? current.outcomes,
          patch.followUps?.trim() ?? current.follow_ups,
          JSON.stringify(details ?? current.details),
          newPhase ?? current.phase,
          patch.support?.supportedActorId ?? current.supported_actor_id,
        ],
      );
      await this.setLinks(db, id, patch);
      if (newPhase && newPhase !== current.phase) await this.recordPhase(db, id, newPhase);
      const after = view(await this.load(db, id));
      await this.audit.record(db, {
        entity: 'action',
        entityId: id,
        action: 'update',
        before: { ...before },
        after: { ...after },
      });
      return after;
    });
  }

  async remove(id: string): Promise<void> {
    await this.transactions.tenant(async (db) => {
      const current = view(await this.load(db, id, true));
      await db.query(`delete from actions where id = $1`, [id]);
      await this.audit.record(db, { entity: 'action', entityId: id, action: 'delete', before: { ...current } });
    });
  }

  async list(filters: ActionFilters, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<ActionView>> {
    const after = decodeCursor(cursor, { date: 'date', id: 'uuid' });
    const rows: ActionRow[] = await this.transactions.tenant((db) =>
      db.query(
        `${ACTION_SELECT}
         where ($1::text is null or x.type = $1)
           and ($2::date is null or coalesce(x.end_date, x.start_date) >= $2)
           and ($3::date is null or x.start_date <= $3)
           and ($4::uuid is null or x.supported_actor_id = $4 or exists (
                 select 1 from action_participants p where p.territory_id = x.territory_id and p.action_id = x.id
                   and p.actor_id = $4))
           and ($5::uuid is null or exists (
                 select 1 from action_priorities p where p.territory_id = x.territory_id and p.action_id = x.id
                   and p.priority_id = $5))
           and ($6::date is null or (x.start_date, x.id) < ($6::date, $7::uuid))
         order by x.start_date desc, x.id desc limit $8`,
        [
          filters.type ?? null,
          filters.from ?? null,
          filters.to ?? null,
          filters.actorId ?? null,
          filters.priorityId ?? null,
          after?.date ?? null,
          after?.id ?? null,
          limit + 1,
        ],
      ),
    );
    return toPage(rows, limit, view, (row) => ({ date: row.start_date, id: row.id }));
  }
}
