import { Injectable } from '@nestjs/common';
import { limitLiteral, runTimeValue, type Db } from '@maillage/platform';
import type { ActionType, ExperimentPhase, ParticipantRole } from '../ecosystem.types.js';

export interface ActionFilters {
  type?: ActionType;
  from?: string;
  to?: string;
  actorId?: string;
  priorityId?: string;
}

export interface ActionRow {
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
  /** `at` is when it was recorded, `on` (YYYY-MM-DD) the day the phase began, as said. */
  phase_history: { phase: ExperimentPhase; at: string; on: string; by: string | null }[];
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
         coalesce((select json_agg(json_build_object('phase', h.phase, 'at', h.changed_at,
                                                     'on', to_char(h.occurred_on, 'YYYY-MM-DD'), 'by', h.changed_by)
                                   order by h.occurred_on, h.id)
                   from action_phase_history h
                   where h.territory_id = x.territory_id and h.action_id = x.id), '[]') as phase_history
  from actions x`;

/** An action's stored fields, as the service has checked and derived them. */
export interface ActionFields {
  title: string;
  description: string;
  startDate: string;
  endDate: string | null;
  outcomes: string;
  followUps: string;
  /** The type's details block, as JSON text. */
  details: string;
  phase: ExperimentPhase | null;
  supportedActorId: string | null;
}

/** The fields in the order both the insert and the update list them. */
function fieldValues(fields: ActionFields): unknown[] {
  return [
    fields.title,
    fields.description,
    fields.startDate,
    fields.endDate,
    fields.outcomes,
    fields.followUps,
    fields.details,
    fields.phase,
    fields.supportedActorId,
  ];
}

/** SQL of the territory's actions, their participants, priorities and phase history. */
@Injectable()
export class ActionsRepository {
  async find(db: Db, id: string, lock = false): Promise<ActionRow | undefined> {
    if (lock) await db.query(`select 1 from actions where id = $1 for update`, [id]);
    const rows: ActionRow[] = await db.query(`${ACTION_SELECT} where x.id = $1`, [id]);
    return rows[0];
  }

  async insert(db: Db, type: ActionType, fields: ActionFields, createdBy: string | null): Promise<string> {
    const rows: { id: string }[] = await db.query(
      `insert into actions (type, title, description, start_date, end_date, outcomes, follow_ups, details,
                            phase, supported_actor_id, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       returning id`,
      [type, ...fieldValues(fields), createdBy],
    );
    return (rows[0] as { id: string }).id;
  }

  async update(db: Db, id: string, fields: ActionFields): Promise<void> {
    await db.query(
      `update actions set title = $2, description = $3, start_date = $4, end_date = $5, outcomes = $6, follow_ups = $7,
              details = $8, phase = $9, supported_actor_id = $10, version = version + 1, updated_at = now()
       where id = $1`,
      [id, ...fieldValues(fields)],
    );
  }

  async delete(db: Db, id: string): Promise<void> {
    await db.query(`delete from actions where id = $1`, [id]);
  }

  /** Replaces the action's priorities; a new action has none to remove. */
  async setPriorities(db: Db, id: string, priorityIds: string[], created: boolean): Promise<void> {
    if (!created) await db.query(`delete from action_priorities where action_id = $1`, [id]);
    await db.query(
      `insert into action_priorities (action_id, priority_id)
       select $1, unnest($2::uuid[])`,
      [id, priorityIds],
    );
  }

  /** Replaces the action's participants; a new action has none to remove. */
  async setParticipants(db: Db, id: string, roles: Map<string, ParticipantRole>, created: boolean): Promise<void> {
    if (!created) await db.query(`delete from action_participants where action_id = $1`, [id]);
    await db.query(
      `insert into action_participants (action_id, actor_id, role)
       select $1, unnest($2::uuid[]), unnest($3::text[])`,
      [id, [...roles.keys()], [...roles.values()]],
    );
  }

  /** Records the phase the action entered, on `occurredOn` (today in France by default). */
  async recordPhase(
    db: Db,
    id: string,
    phase: ExperimentPhase,
    changedBy: string | null,
    occurredOn: string | null = null,
  ): Promise<void> {
    await db.query(
      `insert into action_phase_history (action_id, phase, changed_by, occurred_on)
       values ($1, $2, $3, coalesce($4::date, (now() at time zone 'Europe/Paris')::date))`,
      [id, phase, changedBy, occurredOn],
    );
  }

  /** The territory's actors among `ids`, with their names and whether each is archived. */
  async actorStates(db: Db, ids: string[]): Promise<{ id: string; name: string; archived: boolean }[]> {
    return db.query(
      `select id, name, archived_at is not null as archived
       from actors where id = any(${runTimeValue('$1::uuid[]')}::uuid[])`,
      [ids],
    );
  }

  /** Those of `ids` that are no alliance of the territory. */
  async unknownAllianceIds(db: Db, ids: string[]): Promise<string[]> {
    const found: { id: string }[] = await db.query(
      `select id from alliances where id = any(${runTimeValue('$1::uuid[]')}::uuid[])`,
      [ids],
    );
    const known = new Set(found.map((row) => row.id));
    return ids.filter((id) => !known.has(id));
  }

  /** One page of the list: `limit + 1` rows after the cursor, newest first. */
  list(
    db: Db,
    filters: ActionFilters,
    after: Record<'date' | 'id', string | number> | undefined,
    limit: number,
  ): Promise<ActionRow[]> {
    return db.query(
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
       order by x.start_date desc, x.id desc limit ${limitLiteral(limit + 1)}`,
      [
        filters.type ?? null,
        filters.from ?? null,
        filters.to ?? null,
        filters.actorId ?? null,
        filters.priorityId ?? null,
        after?.date ?? null,
        after?.id ?? null,
      ],
    );
  }
}
