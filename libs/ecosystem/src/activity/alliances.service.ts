import { HttpStatus, Injectable } from '@nestjs/common';
import {
  AuditLog,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  notFound,
  ProblemException,
  TenantContext,
  toPage,
  Transactions,
  type Page,
  type Db,
} from '@maillage/platform';
import {
  allowedTargets,
  checkTransition,
  disagreements,
  type AllianceActor,
  type EvaluationObject,
} from './alliance-lifecycle.js';
import { PrioritiesRepository } from './priorities.repository.js';
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
  /** Statuses this alliance may move to next. */
  nextStatuses: AllianceStatus[];
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
    by: string | null;
    note: string | null;
  }[];
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

export interface AllianceFilters {
  status?: AllianceStatus;
  mode?: AllianceMode;
  actorId?: string;
}

interface AllianceRow {
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
    by: string | null;
    note: string | null;
  }[];
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
                                                     'by', t.changed_by, 'note', t.note) order by t.id)
                   from alliance_transitions t
                   where t.territory_id = al.territory_id and t.alliance_id = al.id), '[]') as transitions
  from alliances al`;

function view(row: AllianceRow): AllianceView {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    status: row.status,
    nextStatuses: allowedTargets(row.status),
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
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function problem(status: HttpStatus, code: string, detail: string, field?: string): ProblemException {
  return new ProblemException(status, { code, detail, ...(field ? { errors: [{ field, message: detail }] } : {}) });
}

/**
 * Alliances between actors: created by coordination, or proposed by a member
 * for the organisation it acts for; moved through their lifecycle by those
 * the lifecycle allows; evaluated by each party. Members see only the
 * alliances their organisation is a party to.
 */
@Injectable()
export class AlliancesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly audit: AuditLog,
    private readonly priorities: PrioritiesRepository,
  ) {}

  /** The organisation a member acts for; coordination and administrators get undefined. */
  private memberActor(): string | undefined {
    const access = this.context.territory;
    if (access?.role !== 'member') return undefined;
    if (!access.actorId) {
      throw problem(
        HttpStatus.FORBIDDEN,
        'no_actor_link',
        'Votre compte n’est rattaché à aucune organisation du territoire : demandez-le à la coordination.',
      );
    }
    return access.actorId;
  }

  private async load(db: Db, id: string, lock = false): Promise<AllianceRow> {
    if (lock) await db.query(`select 1 from alliances where id = $1 for update`, [id]);
    const rows: AllianceRow[] = await db.query(`${SELECT} where al.id = $1`, [id]);
    const row = rows[0];
    const actorId = this.memberActor();
    if (!row || (actorId && !row.parties.some((party) => party.actorId === actorId))) throw notFound();
    return row;
  }

  async create(input: AllianceInput): Promise<AllianceView> {
    const proposer = this.memberActor();
    const parties = new Map(input.parties.map((party) => [party.actorId, party.role?.trim() || 'partner']));
    if (parties.size < 2) {
      throw problem(
        HttpStatus.BAD_REQUEST,
        'invalid_alliance',
        'Une alliance réunit au moins deux acteurs différents.',
        'parties',
      );
    }
    if (proposer && !parties.has(proposer)) {
      throw problem(
        HttpStatus.BAD_REQUEST,
        'invalid_alliance',
        'Votre organisation doit être partie à l’alliance que vous proposez.',
        'parties',
      );
    }
    if (input.startDate && input.endDate && input.endDate < input.startDate) {
      throw problem(HttpStatus.BAD_REQUEST, 'invalid_alliance', 'La fin de l’alliance précède son début.', 'endDate');
    }
    if (input.patronageKinds?.length && !input.modes.includes('patronage')) {
      throw problem(
        HttpStatus.BAD_REQUEST,
        'invalid_alliance',
        'Les formes de mécénat supposent le mode « mécénat ».',
        'patronageKinds',
      );
    }
    return this.transactions.tenant(async (db) => {
      const actors: { id: string }[] = await db.query(
        `select id from actors where id = any($1::uuid[]) and archived_at is null`,
        [[...parties.keys()]],
      );
      if (actors.length !== parties.size) {
        throw problem(
          HttpStatus.BAD_REQUEST,
          'unknown_actor',
          'Certains acteurs n’existent pas dans le territoire.',
          'parties',
        );
      }
      if (input.priorityIds?.length) {
        if ((await this.priorities.unknownIds(db, input.priorityIds)).length > 0) {
          throw problem(
            HttpStatus.BAD_REQUEST,
            'unknown_priority',
            'Certains enjeux n’existent pas dans ce territoire.',
            'priorityIds',
          );
        }
      }
      if (input.originActionId) {
        const found: unknown[] = await db.query(`select 1 from actions where id = $1`, [input.originActionId]);
        if (found.length === 0) {
          throw problem(
            HttpStatus.BAD_REQUEST,
            'unknown_action',
            'Cette action n’existe pas dans le territoire.',
            'originActionId',
          );
        }
      }
      const rows: { id: string }[] = await db.query(
        `insert into alliances (title, description, modes, patronage_kinds, fragilities, start_date, end_date,
                                origin_action_id, proposed_by_user, proposer_actor_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         returning id`,
        [
          input.title.trim(),
          input.description?.trim() ?? '',
          [...new Set(input.modes)],
          [...new Set(input.patronageKinds ?? [])],
          [...new Set(input.fragilities ?? [])],
          input.startDate ?? null,
          input.endDate ?? null,
          input.originActionId ?? null,
          this.context.caller?.userId ?? null,
          proposer ?? null,
        ],
      );
      const id = (rows[0] as { id: string }).id;
      await db.query(
        `insert into alliance_parties (alliance_id, actor_id, role)
         select $1, unnest($2::uuid[]), unnest($3::text[])`,
        [id, [...parties.keys()], [...parties.values()]],
      );
      if (input.priorityIds?.length) {
        await db.query(
          `insert into alliance_priorities (alliance_id, priority_id)
           select $1, unnest($2::uuid[])`,
          [id, [...new Set(input.priorityIds)]],
        );
      }
      await db.query(
        `insert into alliance_transitions (alliance_id, from_status, to_status, changed_by)
         values ($1, null, 'proposed', $2)`,
        [id, this.context.caller?.userId ?? null],
      );
      const created = view(await this.load(db, id));
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
    return this.transactions.tenant(async (db) => view(await this.load(db, id)));
  }

  async list(filters: AllianceFilters, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<AllianceView>> {
    const after = decodeCursor(cursor, { at: 'timestamp', id: 'uuid' });
    const ownActor = this.memberActor();
    const rows: AllianceRow[] = await this.transactions.tenant((db) =>
      db.query(
        `${SELECT}
         where ($1::text is null or al.status = $1)
           and ($2::text is null or $2 = any(al.modes))
           and ($3::uuid is null or exists (select 1 from alliance_parties p where p.territory_id = al.territory_id
                                             and p.alliance_id = al.id and p.actor_id = $3))
           and ($4::uuid is null or exists (select 1 from alliance_parties p where p.territory_id = al.territory_id
                                             and p.alliance_id = al.id and p.actor_id = $4))
           and ($5::text is null or (al.created_at, al.id) < ($5::timestamp at time zone 'UTC', $6::uuid))
         order by al.created_at desc, al.id desc limit $7`,
        [
          filters.status ?? null,
          filters.mode ?? null,
          filters.actorId ?? null,
          ownActor ?? null,
          after?.at ?? null,
          after?.id ?? null,
          limit + 1,
        ],
      ),
    );
    return toPage(rows, limit, view, (row) => ({ at: row.cursor_at, id: row.id }));
  }

  /** Moves an alliance to `to` if the lifecycle allows it and the caller may; records who and when. */
  async transition(id: string, to: AllianceStatus, note?: string): Promise<AllianceView> {
    return this.transactions.tenant(async (db) => {
      const row = await this.load(db, id, true);
      const ownActor = this.memberActor();
      const actors: AllianceActor[] = ownActor
        ? [ownActor === row.proposer_actor_id ? 'proposer' : 'other_party']
        : ['coordination'];
      const check = checkTransition(row.status, to, actors);
      if (!check.ok && check.reason === 'illegal') {
        throw new ProblemException(HttpStatus.CONFLICT, {
          code: 'illegal_transition',
          detail: `Une alliance « ${row.status} » ne peut pas passer à « ${to} ».`,
          extensions: { from: row.status, to, allowed: allowedTargets(row.status) },
        });
      }
      if (!check.ok) {
        throw problem(
          HttpStatus.FORBIDDEN,
          'transition_not_allowed',
          'Votre organisation ne peut pas faire ce changement.',
        );
      }
      await db.query(
        `update alliances set status = $2, version = version + 1, updated_at = now(),
                start_date = case when $2 = 'active' then coalesce(start_date, least(current_date, coalesce(end_date, current_date)))
                                  else start_date end,
                end_date = case when $2 = 'ended' then coalesce(end_date, greatest(current_date, coalesce(start_date, current_date)))
                                else end_date end
         where id = $1`,
        [id, to],
      );
      await db.query(
        `insert into alliance_transitions (alliance_id, from_status, to_status, changed_by, note)
         values ($1, $2, $3, $4, $5)`,
        [id, row.status, to, this.context.caller?.userId ?? null, note?.trim() || null],
      );
      await this.audit.record(db, {
        entity: 'alliance',
        entityId: id,
        action: 'transition',
        before: { status: row.status },
        after: { status: to },
      });
      return view(await this.load(db, id));
    });
  }

  /** A party's scores for a period; members score only for their own organisation. */
  async evaluate(id: string, input: EvaluationInput): Promise<EvaluationSummary[]> {
    return this.transactions.tenant(async (db) => {
      const row = await this.load(db, id, true);
      const ownActor = this.memberActor();
      if (ownActor && ownActor !== input.actorId) {
        throw problem(HttpStatus.FORBIDDEN, 'forbidden', 'Vous évaluez au nom de votre organisation seulement.');
      }
      if (!row.parties.some((party) => party.actorId === input.actorId)) {
        throw problem(HttpStatus.BAD_REQUEST, 'not_a_party', 'Cet acteur n’est pas partie à l’alliance.', 'actorId');
      }
      if (!['active', 'ended'].includes(row.status)) {
        throw problem(HttpStatus.CONFLICT, 'not_evaluable', 'Seule une alliance active ou terminée peut être évaluée.');
      }
      await db.query(
        `insert into alliance_evaluations (alliance_id, actor_id, period, product, balance, contribution, comment,
                                           evaluated_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (territory_id, alliance_id, actor_id, period) do update set
           product = excluded.product, balance = excluded.balance, contribution = excluded.contribution,
           comment = excluded.comment, evaluated_by = excluded.evaluated_by, evaluated_at = now()`,
        [
          id,
          input.actorId,
          input.period,
          input.product,
          input.balance,
          input.contribution,
          input.comment?.trim() ?? '',
          this.context.caller?.userId ?? null,
        ],
      );
      await this.audit.record(db, {
        entity: 'alliance_evaluation',
        entityId: `${id}:${input.actorId}:${input.period}`,
        action: 'evaluate',
        after: { product: input.product, balance: input.balance, contribution: input.contribution },
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
    const rows: {
      period: string;
      actor_id: string;
      name: string;
      product: number;
      balance: number;
      contribution: number;
      comment: string;
      evaluated_at: Date;
    }[] = await db.query(
      `select e.period, e.actor_id, a.name, e.product, e.balance, e.contribution, e.comment, e.evaluated_at
       from alliance_evaluations e join actors a on a.territory_id = e.territory_id and a.id = e.actor_id
       where e.alliance_id = $1 order by e.period desc, a.name`,
      [id],
    );
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
