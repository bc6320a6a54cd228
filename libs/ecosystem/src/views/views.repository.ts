import { Injectable } from '@nestjs/common';
import { runTimeValue, limitLiteral, type Db } from '@maillage/platform';
import type { ActorFilters } from '../directory/actor.model.js';
import { actorFilterSql } from '../directory/actors.repository.js';
import type { ActorCategory, AllianceMode, AllianceStatus } from '../ecosystem.types.js';
import type { LocationPrecision } from '../geocoding/ban-geocoder.js';
import type { Dashboard, FirstStepKey, TimelineEntry } from './views.types.js';

export interface MapRow {
  id: string;
  name: string;
  category: ActorCategory;
  latitude: number;
  longitude: number;
  external: boolean;
  location_precision: LocationPrecision | null;
  alliance_count: string;
}

export interface GraphActorRow {
  id: string;
  name: string;
  category: ActorCategory;
}

export interface GraphAllianceRow {
  alliance_id: string;
  modes: AllianceMode[];
  /** The status as of the date asked, null when the alliance had no transition by then. */
  status: AllianceStatus | null;
  actor_ids: string[];
}

/**
 * Statuses an alliance is in "as of" a moment: the last transition that happened by that day in France
 * (the day it happened as said, `occurred_on`; moves of the same day in the order they were recorded).
 */
const STATUS_AS_OF = `
  (select t.to_status from alliance_transitions t
   where t.territory_id = al.territory_id and t.alliance_id = al.id
     and t.occurred_on <= ($1::timestamptz at time zone 'Europe/Paris')::date
   order by t.occurred_on desc, t.id desc limit 1)`;

/** The graph's actors (not archived on `date`, by name) and alliances (recorded by `date`, with their status then and their parties). */
export async function graphRows(
  db: Db,
  date: Date,
): Promise<{ actors: GraphActorRow[]; alliances: GraphAllianceRow[] }> {
  const actors: GraphActorRow[] = await db.query(
    `select id, name, category from actors where archived_at is null or archived_at > $1 order by name, id`,
    [date],
  );
  const alliances: GraphAllianceRow[] = await db.query(
    `select al.id as alliance_id, al.modes, ${STATUS_AS_OF} as status,
            array_agg(p.actor_id order by p.actor_id) as actor_ids
     from alliances al join alliance_parties p on p.territory_id = al.territory_id and p.alliance_id = al.id
     where al.created_at <= $1
     group by al.territory_id, al.id, al.modes`,
    [date],
  );
  return { actors, alliances };
}

/** SQL of the territory's views: the map's points, the graph's actors and alliances, timelines, the dashboard. */
@Injectable()
export class ViewsRepository {
  /**
   * A page of the located actors matching the directory's filters, by name then id, after `after` (the previous
   * page's last sort key), with how many alliances each is a party to: the map's GeoJSON is read page by page.
   */
  mapRows(
    db: Db,
    filters: ActorFilters,
    after: { sortKey: string; id: string } | null,
    limit: number,
  ): Promise<(MapRow & { sort_key: string })[]> {
    const params: unknown[] = [];
    const where = actorFilterSql(filters, params);
    const clauses = [where ? where.slice('where '.length) : 'true', 'a.latitude is not null'];
    if (after) {
      params.push(after.sortKey, after.id);
      clauses.push(
        `(a.name_key, a.id) > (${runTimeValue(`$${params.length - 1}::text`)}, ${runTimeValue(`$${params.length}::uuid`)})`,
      );
    }
    return db.query(
      `select a.id, a.name, a.category, a.latitude, a.longitude, a.external, a.location_precision,
              a.name_key as sort_key,
              (select count(distinct p.alliance_id) from alliance_parties p
               where p.territory_id = a.territory_id and p.actor_id = a.id) as alliance_count
       from actors a where ${clauses.join(' and ')}
       order by a.name_key, a.id limit ${limitLiteral(limit)}`,
      params,
    );
  }

  /** The extent [west, south, east, north] of the filtered located actors inside the territory; nulls if none. */
  async mapExtent(db: Db, filters: ActorFilters): Promise<(number | null)[]> {
    const params: unknown[] = [];
    const where = actorFilterSql(filters, params);
    const rows: { west: number | null; south: number | null; east: number | null; north: number | null }[] =
      await db.query(
        `select min(a.longitude) as west, min(a.latitude) as south, max(a.longitude) as east, max(a.latitude) as north
         from actors a ${where ? `${where} and` : 'where'} a.latitude is not null and not a.external`,
        params,
      );
    const row = rows[0];
    return [row?.west ?? null, row?.south ?? null, row?.east ?? null, row?.north ?? null];
  }

  /** Every located actor matching the filters, without alliance counts: what the cluster index is built from. */
  mapPoints(db: Db, filters: ActorFilters): Promise<Omit<MapRow, 'alliance_count'>[]> {
    const params: unknown[] = [];
    const where = actorFilterSql(filters, params);
    return db.query(
      `select a.id, a.name, a.category, a.latitude, a.longitude, a.external, a.location_precision
       from actors a ${where ? `${where} and` : 'where'} a.latitude is not null`,
      params,
    );
  }

  /** How many actors matching the filters have no position (the map cannot show them). */
  async mapUnlocated(db: Db, filters: ActorFilters): Promise<number> {
    const params: unknown[] = [];
    const where = actorFilterSql(filters, params);
    const rows: { count: string }[] = await db.query(
      `select count(*) as count from actors a ${where ? `${where} and` : 'where'} a.latitude is null`,
      params,
    );
    return Number(rows[0]?.count ?? 0);
  }

  /**
   * What the cluster index depends on, in one read of one row: the territory's map revision, bumped in the
   * writer's transaction by every statement writing its actors or alliance parties (the alliance filter;
   * migration 1763800000062). Read in the request's snapshot, so an index built from that snapshot is kept
   * under the revision it reflects.
   */
  async mapVersion(db: Db): Promise<string> {
    const rows: { version: string }[] = await db.query(`select map_revision::text as version from graph_revisions`);
    return rows[0]?.version ?? '0';
  }

  /** How many alliances each of these actors is a party to. */
  async allianceCounts(db: Db, actorIds: string[]): Promise<Map<string, number>> {
    if (actorIds.length === 0) return new Map();
    const rows: { actor_id: string; count: string }[] = await db.query(
      `select p.actor_id, count(distinct p.alliance_id) as count from alliance_parties p
       where p.actor_id = any($1::uuid[]) group by p.actor_id`,
      [actorIds],
    );
    return new Map(rows.map((row) => [row.actor_id, Number(row.count)]));
  }

  /** The territory's communes where actors are placed, at the mean of their commune placements, else of all. */
  mapCommunes(db: Db): Promise<{ commune_code: string; latitude: number; longitude: number }[]> {
    return db.query(
      `select a.commune_code,
              coalesce(avg(a.latitude) filter (where a.location_precision = 'commune'), avg(a.latitude)) as latitude,
              coalesce(avg(a.longitude) filter (where a.location_precision = 'commune'), avg(a.longitude)) as longitude
       from actors a join territory_communes c on c.commune_code = a.commune_code
       where a.archived_at is null and a.latitude is not null
       group by a.commune_code order by a.commune_code limit 5000`,
    );
  }

  async actorExists(db: Db, actorId: string): Promise<boolean> {
    const rows: unknown[] = await db.query(`select 1 from actors where id = $1`, [actorId]);
    return rows.length > 0;
  }

  /**
   * Actions an actor took part in (participant or supported), its alliances, and its profile's changes: the
   * public fields a member changed, and each reviewed change asked, accepted or refused; newest first.
   */
  timeline(db: Db, actorId: string): Promise<TimelineEntry[]> {
    return db.query(
      `select date, kind, id, title, type, role, by, fields, reason from (
         select to_char(x.start_date, 'YYYY-MM-DD') as date, 'action' as kind, x.id, x.title, x.type::text as type,
                coalesce(p.role, 'supported')::text as role, null::text as by, '{}'::text[] as fields,
                null::text as reason, x.start_date::timestamptz as at
         from actions x left join action_participants p
           on p.territory_id = x.territory_id and p.action_id = x.id and p.actor_id = $1
         where p.actor_id is not null or x.supported_actor_id = $1
         union all
         select to_char(coalesce(al.start_date, al.created_at::date), 'YYYY-MM-DD'), 'alliance', al.id, al.title,
                al.status::text, p.role::text, null, '{}', null, coalesce(al.start_date::timestamptz, al.created_at)
         from alliances al join alliance_parties p on p.territory_id = al.territory_id and p.alliance_id = al.id
         where p.actor_id = $1
         union all
         select to_char(e.created_at, 'YYYY-MM-DD'), 'profile', e.id, '', 'edited', '', u.name,
                array(select jsonb_object_keys(e.changes)), null, e.created_at
         from profile_edits e left join users u on u.id = e.edited_by
         where e.actor_id = $1
         union all
         select to_char(r.created_at, 'YYYY-MM-DD'), 'profile', r.id, '', 'requested', '', u.name,
                array(select jsonb_object_keys(r.changes)), null, r.created_at
         from profile_change_requests r left join users u on u.id = r.requested_by
         where r.actor_id = $1
         union all
         select to_char(r.reviewed_at, 'YYYY-MM-DD'), 'profile', r.id, '', r.status, '', u.name,
                array(select jsonb_object_keys(r.changes)), r.reason, r.reviewed_at
         from profile_change_requests r left join users u on u.id = r.reviewed_by
         where r.actor_id = $1 and r.status <> 'pending'
       ) entries
       order by date desc, at desc, id`,
      [actorId],
    );
  }

  /**
   * What the « Premiers pas » tick from, in one query: active actors, priorities,
   * members other than coordinators with the member invitations still open,
   * actions, and whether the territory shares its figures with the observatory.
   */
  async firstSteps(db: Db): Promise<Record<FirstStepKey, number>> {
    const rows: Record<FirstStepKey, string>[] = await db.query(
      `select (select count(*) from actors where archived_at is null) as actors,
              (select count(*) from priorities) as priorities,
              (select count(*) from memberships where role <> 'coordinator')
                + (select count(*) from invitations
                   where role <> 'coordinator' and accepted_at is null and revoked_at is null and expires_at > now())
                as organisations,
              (select count(*) from actions) as actions,
              (select count(*) from observatory_sharing where sharing) as observatory`,
    );
    const row = rows[0] as Record<FirstStepKey, string>;
    return {
      actors: Number(row.actors),
      priorities: Number(row.priorities),
      organisations: Number(row.organisations),
      actions: Number(row.actions),
      observatory: Number(row.observatory),
    };
  }

  dashboard(db: Db, from?: string, to?: string): Promise<Dashboard> {
    return dashboardFigures(db, from, to);
  }
}

/**
 * What "in the period" means, shared by the dashboard and the territory
 * activity report so that both count the same things; `$1` is the start and
 * `$2` the end (dates, either may be null for an open end).
 */
export const PERIOD_SQL = {
  /** Actors as they stood at the end of the period: created by then, not archived by then. */
  actorStock: (alias: string) =>
    // `$1` is named (always true) only so that both parameters have a type.
    `($1::date is not distinct from $1::date
      and ${alias}.created_at::date <= coalesce($2::date, ${alias}.created_at::date)
      and (${alias}.archived_at is null or ($2::date is not null and ${alias}.archived_at::date > $2::date)))`,
  /** Actions that started in the period. */
  action: (alias: string) =>
    `(($1::date is null or ${alias}.start_date >= $1::date) and ($2::date is null or ${alias}.start_date <= $2::date))`,
  /** Alliances that began in the period (their start date, else the day they were recorded). */
  alliance: (alias: string) =>
    `(($1::date is null or coalesce(${alias}.start_date, ${alias}.created_at::date) >= $1::date)
      and ($2::date is null or coalesce(${alias}.start_date, ${alias}.created_at::date) <= $2::date))`,
  /** Evaluations of a period (`2026`, `2026-S1`, `2026-Q3`, `2026-05`) that begins within the period. */
  evaluation: (alias: string) => {
    const begins = `to_date(left(${alias}.period, 4) || '-' || case
        when ${alias}.period ~ '-S' then case right(${alias}.period, 1) when '1' then '01' else '07' end
        when ${alias}.period ~ '-Q' then lpad(((right(${alias}.period, 1)::int - 1) * 3 + 1)::text, 2, '0')
        when length(${alias}.period) = 7 then right(${alias}.period, 2)
        else '01' end || '-01', 'YYYY-MM-DD')`;
    return `(($1::date is null or ${begins} >= $1::date) and ($2::date is null or ${begins} <= $2::date))`;
  },
};

/** The dashboard's figures for a period, in the caller's transaction of the territory. */
export async function dashboardFigures(db: Db, from?: string, to?: string): Promise<Dashboard> {
  const range = [from ?? null, to ?? null];
  const count = async (sql: string) =>
    Object.fromEntries(
      ((await db.query(sql, range)) as { key: string; count: string }[]).map((row) => [row.key, Number(row.count)]),
    );
  const actorsByCategory = await count(
    `select category as key, count(*) as count from actors a where ${PERIOD_SQL.actorStock('a')} group by category`,
  );
  const actions: { month: string; type: string; count: string }[] = await db.query(
    `select to_char(date_trunc('month', x.start_date), 'YYYY-MM') as month, x.type, count(*) as count
     from actions x where ${PERIOD_SQL.action('x')} group by 1, 2 order by 1, 2`,
    range,
  );
  const alliancesByMode = await count(
    `select unnest(modes) as key, count(*) as count from alliances al where ${PERIOD_SQL.alliance('al')} group by 1`,
  );
  const alliancesByStatus = await count(
    `select status as key, count(*) as count from alliances al where ${PERIOD_SQL.alliance('al')} group by 1`,
  );
  const evaluation: {
    count: string;
    product: string | null;
    balance: string | null;
    contribution: string | null;
  }[] = await db.query(
    `select count(*) as count, round(avg(product), 2) as product, round(avg(balance), 2) as balance,
            round(avg(contribution), 2) as contribution
     from alliance_evaluations e where ${PERIOD_SQL.evaluation('e')}`,
    range,
  );
  const averages = evaluation[0];
  const toNumber = (value: string | null | undefined) => (value === null || value === undefined ? null : Number(value));
  return {
    period: { from: from ?? null, to: to ?? null },
    actorsByCategory,
    actionsByTypeAndMonth: actions.map((row) => ({ month: row.month, type: row.type, count: Number(row.count) })),
    alliancesByMode,
    alliancesByStatus,
    evaluations: {
      count: Number(averages?.count ?? 0),
      averages: {
        product: toNumber(averages?.product),
        balance: toNumber(averages?.balance),
        contribution: toNumber(averages?.contribution),
      },
    },
  };
}
