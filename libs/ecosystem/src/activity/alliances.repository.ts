import { Injectable } from '@nestjs/common';
import { runTimeUtc, runTimeValue, limitLiteral, type Db } from '@maillage/platform';
import type { AllianceMode, AllianceStatus, Fragility, PatronageKind } from '../ecosystem.types.js';

export interface AllianceFilters {
  status?: AllianceStatus;
  mode?: AllianceMode;
  actorId?: string;
}

export interface AllianceRow {
  id: string;
  title: string;
  description: string;
  status: AllianceStatus;
  modes: AllianceMode[];
  patronage_kinds: PatronageKind[];
  fragilities: Fragility[];
  start_date: string | null;
  end_date: string | null;
  origin_action_id: string | null;
  proposer_actor_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  cursor_at: string;
  parties: { actorId: string; name: string; category: string; role: string }[];
  priority_ids: string[];
  transitions: {
    from: AllianceStatus | null;
    to: AllianceStatus;
    at: string;
    /** The day it happened (YYYY-MM-DD), as said; `at` is when it was recorded. */
    on: string;
    by: string | null;
    note: string | null;
  }[];
  agreements: { actorId: string; name: string; agreedAt: string; agreedBy: string | null; onBehalf: boolean }[];
}

const SELECT = `
  select al.id, al.title, al.description, al.status, al.modes, al.patronage_kinds, al.fragilities,
         to_char(al.start_date, 'YYYY-MM-DD') as start_date, to_char(al.end_date, 'YYYY-MM-DD') as end_date,
         al.origin_action_id, al.proposer_actor_id, al.version, al.created_at, al.updated_at,
         to_char(al.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as cursor_at,
         coalesce((select json_agg(json_build_object('actorId', p.actor_id, 'name', a.name, 'category', a.category,
                                                     'role', p.role) order by a.name)
                   from alliance_parties p join actors a on a.territory_id = p.territory_id and a.id = p.actor_id
                   where p.territory_id = al.territory_id and p.alliance_id = al.id), '[]') as parties,
         coalesce((select array_agg(x.priority_id) from alliance_priorities x
                   where x.territory_id = al.territory_id and x.alliance_id = al.id), '{}') as priority_ids,
         coalesce((select json_agg(json_build_object('from', t.from_status, 'to', t.to_status, 'at', t.changed_at,
                                                     'on', t.occurred_on, 'by', t.changed_by, 'note', t.note)
                                   order by t.occurred_on, t.id)
                   from alliance_transitions t
                   where t.territory_id = al.territory_id and t.alliance_id = al.id), '[]') as transitions,
         coalesce((select json_agg(json_build_object('actorId', g.actor_id, 'name', a.name, 'agreedAt', g.agreed_at,
                                                     'agreedBy', g.agreed_by, 'onBehalf', g.on_behalf)
                                   order by g.agreed_at, a.name)
                   from alliance_agreements g join actors a on a.territory_id = g.territory_id and a.id = g.actor_id
                   where g.territory_id = al.territory_id and g.alliance_id = al.id), '[]') as agreements
  from alliances al`;

/** A new alliance's fields, as the service has checked them. */
export interface NewAlliance {
  title: string;
  description: string;
  modes: AllianceMode[];
  patronageKinds: PatronageKind[];
  fragilities: Fragility[];
  startDate: string | null;
  endDate: string | null;
  originActionId: string | null;
  proposedBy: string | null;
  proposerActorId: string | null;
}

/** One party's scores for a period. */
export interface EvaluationFields {
  actorId: string;
  period: string;
  product: number;
  balance: number;
  contribution: number;
  comment: string;
  evaluatedBy: string | null;
}

export interface EvaluationRow {
  period: string;
  actor_id: string;
  name: string;
  product: number;
  balance: number;
  contribution: number;
  comment: string;
  evaluated_at: Date;
}

/** SQL of the territory's alliances: parties, priorities, transitions and evaluations. */
@Injectable()
export class AlliancesRepository {
  async find(db: Db, id: string, lock = false): Promise<AllianceRow | undefined> {
    if (lock) await db.query(`select 1 from alliances where id = $1 for update`, [id]);
    const rows: AllianceRow[] = await db.query(`${SELECT} where al.id = $1`, [id]);
    return rows[0];
  }

  /** How many of the given (distinct) ids name an actor of the territory that is not archived. */
  async countActiveActors(db: Db, ids: string[]): Promise<number> {
    const actors: { id: string }[] = await db.query(
      `select id from actors where id = any(${runTimeValue('$1::uuid[]')}::uuid[]) and archived_at is null`,
      [ids],
    );
    return actors.length;
  }

  async actionExists(db: Db, id: string): Promise<boolean> {
    const found: unknown[] = await db.query(`select 1 from actions where id = $1`, [id]);
    return found.length > 0;
  }

  async insert(db: Db, alliance: NewAlliance): Promise<string> {
    const rows: { id: string }[] = await db.query(
      `insert into alliances (title, description, modes, patronage_kinds, fragilities, start_date, end_date,
                              origin_action_id, proposed_by_user, proposer_actor_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       returning id`,
      [
        alliance.title,
        alliance.description,
        alliance.modes,
        alliance.patronageKinds,
        alliance.fragilities,
        alliance.startDate,
        alliance.endDate,
        alliance.originActionId,
        alliance.proposedBy,
        alliance.proposerActorId,
      ],
    );
    return (rows[0] as { id: string }).id;
  }

  /** The parties, actor id → role. */
  async addParties(db: Db, id: string, parties: Map<string, string>): Promise<void> {
    await db.query(
      `insert into alliance_parties (alliance_id, actor_id, role)
       select $1, unnest($2::uuid[]), unnest($3::text[])`,
      [id, [...parties.keys()], [...parties.values()]],
    );
  }

  /** Saves an alliance's terms and counts a new version. */
  async update(db: Db, id: string, terms: Omit<NewAlliance, 'proposedBy' | 'proposerActorId'>): Promise<void> {
    await db.query(
      `update alliances set title = $2, description = $3, modes = $4, patronage_kinds = $5, fragilities = $6,
              start_date = $7, end_date = $8, origin_action_id = $9, version = version + 1, updated_at = now()
       where id = $1`,
      [
        id,
        terms.title,
        terms.description,
        terms.modes,
        terms.patronageKinds,
        terms.fragilities,
        terms.startDate,
        terms.endDate,
        terms.originActionId,
      ],
    );
  }

  /**
   * Makes the parties these (actor id → role): the others leave, with their agreements; those that
   * stay keep their row (and their agreement) with the role given.
   */
  async setParties(db: Db, id: string, parties: Map<string, string>): Promise<void> {
    const actorIds = [...parties.keys()];
    await db.query(`delete from alliance_agreements where alliance_id = $1 and actor_id <> all($2::uuid[])`, [
      id,
      actorIds,
    ]);
    await db.query(`delete from alliance_parties where alliance_id = $1 and actor_id <> all($2::uuid[])`, [
      id,
      actorIds,
    ]);
    await db.query(
      `insert into alliance_parties (alliance_id, actor_id, role)
       select $1, unnest($2::uuid[]), unnest($3::text[])
       on conflict (territory_id, alliance_id, actor_id) do update set role = excluded.role
       where alliance_parties.role is distinct from excluded.role`,
      [id, actorIds, [...parties.values()]],
    );
  }

  /** Forgets the parties' agreements (the terms they agreed to changed). */
  async clearAgreements(db: Db, id: string): Promise<void> {
    await db.query(`delete from alliance_agreements where alliance_id = $1`, [id]);
  }

  /** Makes the alliance's priorities exactly these. */
  async setPriorities(db: Db, id: string, priorityIds: string[]): Promise<void> {
    await db.query(`delete from alliance_priorities where alliance_id = $1`, [id]);
    if (priorityIds.length > 0) await this.addPriorities(db, id, priorityIds);
  }

  async addPriorities(db: Db, id: string, priorityIds: string[]): Promise<void> {
    await db.query(
      `insert into alliance_priorities (alliance_id, priority_id)
       select $1, unnest($2::uuid[])`,
      [id, priorityIds],
    );
  }

  async recordTransition(
    db: Db,
    id: string,
    from: AllianceStatus | null,
    to: AllianceStatus,
    changedBy: string | null,
    note: string | null,
    occurredOn: string | null = null,
  ): Promise<void> {
    await db.query(
      `insert into alliance_transitions (alliance_id, from_status, to_status, changed_by, note, occurred_on)
       values ($1, $2, $3, $4, $5, coalesce($6::date, (now() at time zone 'Europe/Paris')::date))`,
      [id, from, to, changedBy, note, occurredOn],
    );
  }

  /** One page of the list, newest first; `ownActor` keeps a member to its organisation's alliances. */
  list(
    db: Db,
    filters: AllianceFilters,
    ownActor: string | undefined,
    after: Record<'at' | 'id', string | number> | undefined,
    limit: number,
  ): Promise<AllianceRow[]> {
    // Only the conditions given: a catch-all `($1 is null or …)` keeps a prepared statement's generic plan
    // off the indexes, and every row's parties and transitions were then built before the sort.
    const params: unknown[] = [];
    const bind = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const clauses: string[] = [];
    if (filters.status) clauses.push(`al.status = ${bind(filters.status)}`);
    if (filters.mode) clauses.push(`${bind(filters.mode)} = any(al.modes)`);
    for (const actorId of [filters.actorId, ownActor]) {
      if (actorId)
        clauses.push(
          `exists (select 1 from alliance_parties p where p.territory_id = al.territory_id
                     and p.alliance_id = al.id and p.actor_id = ${bind(actorId)}::uuid)`,
        );
    }
    if (after)
      clauses.push(
        `(al.created_at, al.id) < (${runTimeUtc(bind(after.at))}, ${runTimeValue(`${bind(after.id)}::uuid`)})`,
      );
    return db.query(
      `${SELECT}
       ${clauses.length ? `where ${clauses.join(' and ')}` : ''}
       order by al.created_at desc, al.id desc limit ${limitLiteral(limit + 1)}`,
      params,
    );
  }

  /** Sets the status; becoming active fills a missing start date, ending a missing end date. */
  async setStatus(db: Db, id: string, to: AllianceStatus): Promise<void> {
    await db.query(
      `update alliances set status = $2, version = version + 1, updated_at = now(),
              start_date = case when $2 = 'active' then coalesce(start_date, least(current_date, coalesce(end_date, current_date)))
                                else start_date end,
              end_date = case when $2 = 'ended' then coalesce(end_date, greatest(current_date, coalesce(start_date, current_date)))
                              else end_date end
       where id = $1`,
      [id, to],
    );
  }

  /** Records a party's agreement; false when it had already agreed. */
  async addAgreement(
    db: Db,
    id: string,
    actorId: string,
    agreedBy: string | null,
    onBehalf: boolean,
  ): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `insert into alliance_agreements (alliance_id, actor_id, agreed_by, on_behalf) values ($1, $2, $3, $4)
       on conflict (territory_id, alliance_id, actor_id) do nothing returning actor_id`,
      [id, actorId, agreedBy, onBehalf],
    );
    return rows.length > 0;
  }

  async saveEvaluation(db: Db, id: string, evaluation: EvaluationFields): Promise<void> {
    await db.query(
      `insert into alliance_evaluations (alliance_id, actor_id, period, product, balance, contribution, comment,
                                         evaluated_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (territory_id, alliance_id, actor_id, period) do update set
         product = excluded.product, balance = excluded.balance, contribution = excluded.contribution,
         comment = excluded.comment, evaluated_by = excluded.evaluated_by, evaluated_at = now()`,
      [
        id,
        evaluation.actorId,
        evaluation.period,
        evaluation.product,
        evaluation.balance,
        evaluation.contribution,
        evaluation.comment,
        evaluation.evaluatedBy,
      ],
    );
  }

  evaluations(db: Db, id: string): Promise<EvaluationRow[]> {
    return db.query(
      `select e.period, e.actor_id, a.name, e.product, e.balance, e.contribution, e.comment, e.evaluated_at
       from alliance_evaluations e join actors a on a.territory_id = e.territory_id and a.id = e.actor_id
       where e.alliance_id = $1 order by e.period desc, a.name`,
      [id],
    );
  }

  /**
   * Alliances active during the quarter (active or ended since, begun before its end) with the
   * parties that have not evaluated it or a period covering it, and no reminder for it yet.
   */
  evaluationsDue(
    db: Db,
    quarter: { period: string; start: string; end: string; covering: string[] },
  ): Promise<{ id: string; awaited: string[] }[]> {
    return db.query(
      `select al.id, array_agg(p.actor_id order by p.actor_id) as awaited
       from alliances al join alliance_parties p on p.territory_id = al.territory_id and p.alliance_id = al.id
       where (al.status = 'active'
              or (al.status = 'ended' and exists (select 1 from alliance_transitions t
                  where t.territory_id = al.territory_id and t.alliance_id = al.id and t.to_status = 'ended'
                    and t.occurred_on > $2::date)))
         and exists (select 1 from alliance_transitions t
                     where t.territory_id = al.territory_id and t.alliance_id = al.id and t.to_status = 'active'
                       and t.occurred_on <= $3::date)
         and not exists (select 1 from alliance_evaluations e
                         where e.territory_id = al.territory_id and e.alliance_id = al.id and e.actor_id = p.actor_id
                           and e.period = any($4::text[]))
         and not exists (select 1 from domain_events d
                         where d.territory_id = al.territory_id and d.subject_type = 'alliance' and d.subject_id = al.id
                           and d.kind = 'alliance.evaluation_due' and d.data ->> 'period' = $1)
       group by al.territory_id, al.id
       order by al.id`,
      [quarter.period, quarter.start, quarter.end, quarter.covering],
    );
  }
}
