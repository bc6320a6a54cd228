import type { Db } from '@maillage/platform';
import {
  ACTION_TYPES,
  analyseGraph,
  dashboardFigures,
  endOfFrenchDay,
  FRAGILITIES,
  graphRows,
  PERIOD_SQL,
} from '@maillage/ecosystem';

/** An alliance begun in the period, its parties by name. */
export interface ActivityAlliance {
  title: string;
  status: string;
  modes: string[];
  /** Its start date, else the day it was recorded (`YYYY-MM-DD`). */
  startDate: string;
  parties: string[];
}

/** An action begun in the period, its participants (and the organisation supported) by name. */
export interface ActivityAction {
  title: string;
  type: string;
  phase: string | null;
  startDate: string;
  participants: string[];
}

/** An actor's point on the map. */
export interface ActivityPoint {
  latitude: number;
  longitude: number;
  category: string;
  /** Placed at its commune's position only. */
  approximate: boolean;
}

/** What the territory activity report shows, gathered in one transaction of the territory. */
export interface TerritoryActivity {
  territory: { name: string; kind: string; code: string | null };
  period: { from: string; to: string };
  generatedAt: string;
  actorsByCategory: { category: string; count: number }[];
  newActors: { count: number; latest: { name: string; category: string; createdAt: string }[] };
  actionsByTypeAndMonth: { month: string; type: string; count: number }[];
  alliancesByMode: { mode: string; count: number }[];
  alliancesByStatus: { status: string; count: number }[];
  newAlliances: number;
  endedAlliances: number;
  mostConnected: { name: string; category: string; alliances: number }[];
  fragilities: { fragility: string; actors: number; alliances: number }[];
  priorities: { title: string; status: string; actions: number; alliances: number }[];
  /** The period of equal length just before, and its figures, for comparison. */
  previous: { from: string; to: string; actors: number; actions: number; alliances: number };
  /** Enjeux recorded during the period. */
  newPriorities: string[];
  /** The most recent alliances and actions of the period (`total` counts them all). */
  alliances: { total: number; items: ActivityAlliance[] };
  actions: { total: number; items: ActivityAction[] };
  /** The territory's actors (not those outside it) at the end of the period, placed or not. */
  map: { points: ActivityPoint[]; unplaced: number; external: number };
  /** The network of alliances as it stood at the end of the period (or now, if it has not ended). */
  network: {
    /** `YYYY-MM-DD`: the day in France the network reflects. */
    asOf: string;
    linkedActors: number;
    alliances: number;
    components: number;
    communities: number;
    meanDegree: number;
    density: number;
    central: { name: string; category: string; partners: number }[];
  };
  evaluations: {
    count: number;
    product: number | null;
    balance: number | null;
    contribution: number | null;
    disagreements: number;
  };
}

/** Every month of the period, `YYYY-MM`, so that months without activity show as zeros. */
export function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const current = `${year}-${String(month).padStart(2, '0')}`;
    if (current > last) return months;
    months.push(current);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

/** How many alliances and actions each document lists: a readable PDF, a complete workbook. */
export const ACTIVITY_LIST_LIMITS = { pdf: 30, xlsx: 20_000 } as const;

const DAY_MS = 86_400_000;
const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/** The period of the same number of days that ends the day before `from`. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const start = Date.parse(`${from}T00:00:00Z`);
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - start) / DAY_MS) + 1;
  return { from: isoDay(start - days * DAY_MS), to: isoDay(start - DAY_MS) };
}

/** The network's key figures from the graph analysis the graph view uses. */
async function networkFigures(db: Db, to: string): Promise<TerritoryActivity['network']> {
  // The network at the end of the period's last day in France (or now, for a period not over yet).
  const asOf = new Date(Math.min(endOfFrenchDay(to), Date.now()));
  const { actors, alliances } = await graphRows(db, asOf);
  // Betweenness only breaks ties here: exact up to 2,000 linked actors, a quick estimate above.
  const graph = analyseGraph(actors, alliances, asOf, { exactUpTo: 2_000, sources: 200 });
  const linked = graph.nodes.filter((node) => node.degree > 0);
  const degrees = linked.reduce((sum, node) => sum + node.degree, 0);
  const meanDegree = linked.length ? degrees / linked.length : 0;
  return {
    // The day it reflects, as people in France say it (the period's last day, or today).
    asOf: asOf.toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' }),
    linkedActors: linked.length,
    alliances: graph.alliances.length,
    components: new Set(linked.map((node) => node.component)).size,
    communities: graph.communities,
    meanDegree,
    density: linked.length > 1 ? meanDegree / (linked.length - 1) : 0,
    central: [...linked]
      .sort((a, b) => b.degree - a.degree || b.betweenness - a.betweenness || a.name.localeCompare(b.name, 'fr'))
      .slice(0, 5)
      .map((node) => ({ name: node.name, category: node.category, partners: node.degree })),
  };
}

/**
 * The queries the report needs; also what the benchmark times as "raw SQL".
 * Every section reads the period, with the dashboard's meaning of it
 * (`PERIOD_SQL`): the figures it shares with `GET /dashboard?from=&to=` are
 * the dashboard's own (`dashboardFigures`), so both agree.
 */
export async function gatherTerritoryActivity(
  db: Db,
  territoryId: string,
  from: string,
  to: string,
  listLimit: number = ACTIVITY_LIST_LIMITS.xlsx,
): Promise<TerritoryActivity> {
  const range = [from, to];
  const [territory] = (await db.query(`select name, kind, code from territories where id = $1`, [
    territoryId,
  ])) as TerritoryActivity['territory'][];
  const dashboard = await dashboardFigures(db, from, to);
  const byCount = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([key, count]) => ({ key, count }))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  const [newCount] = (await db.query(
    `select count(*)::int as count from actors where created_at::date between $1 and $2`,
    range,
  )) as { count: number }[];
  const latest = (await db.query(
    `select name, category, to_char(created_at, 'YYYY-MM-DD') as "createdAt" from actors
     where created_at::date between $1 and $2 order by created_at desc, name limit $3`,
    [...range, listLimit],
  )) as TerritoryActivity['newActors']['latest'];
  const counted = new Map(dashboard.actionsByTypeAndMonth.map((row) => [`${row.month}|${row.type}`, row.count]));
  const actionsByTypeAndMonth = monthsOf(from, to).flatMap((month) =>
    ACTION_TYPES.map((type) => ({ month, type, count: counted.get(`${month}|${type}`) ?? 0 })),
  );
  const [changes] = (await db.query(
    `select (select count(*)::int from alliances al where ${PERIOD_SQL.alliance('al')}) as created,
            (select count(*)::int from alliance_transitions where to_status = 'ended' and occurred_on between $1 and $2) as ended`,
    range,
  )) as { created: number; ended: number }[];
  const mostConnected = (await db.query(
    `select a.name, a.category, count(*)::int as alliances
     from alliance_parties p
     join alliances al on al.territory_id = p.territory_id and al.id = p.alliance_id and al.status = 'active'
     join actors a on a.territory_id = p.territory_id and a.id = p.actor_id
     where ${PERIOD_SQL.alliance('al')} and ${PERIOD_SQL.actorStock('a')}
     group by a.id, a.name, a.category order by 3 desc, a.name limit 10`,
    range,
  )) as TerritoryActivity['mostConnected'];
  const fragilities = (await db.query(
    `select f as fragility,
            (select count(*)::int from actors a where f = any(a.fragilities) and ${PERIOD_SQL.actorStock('a')}) as actors,
            (select count(*)::int from alliances al where f = any(al.fragilities) and ${PERIOD_SQL.alliance('al')}) as alliances
     from unnest($3::text[]) f`,
    [...range, FRAGILITIES],
  )) as TerritoryActivity['fragilities'];
  const priorities = (await db.query(
    `select p.title, p.status,
            (select count(*)::int from action_priorities l join actions x on x.territory_id = l.territory_id and x.id = l.action_id
             where l.territory_id = p.territory_id and l.priority_id = p.id and ${PERIOD_SQL.action('x')}) as actions,
            (select count(*)::int from alliance_priorities l join alliances al on al.territory_id = l.territory_id and al.id = l.alliance_id
             where l.territory_id = p.territory_id and l.priority_id = p.id and ${PERIOD_SQL.alliance('al')}) as alliances
     from priorities p where p.created_at::date <= $2::date and $1::date is not distinct from $1::date
     order by p.title`,
    range,
  )) as TerritoryActivity['priorities'];
  const [evaluation] = (await db.query(
    `with scores as (
       select alliance_id, period, max(product) - min(product) as dp, max(balance) - min(balance) as db,
              max(contribution) - min(contribution) as dc
       from alliance_evaluations e where ${PERIOD_SQL.evaluation('e')} group by alliance_id, period
     )
     select count(*)::int as disagreements from scores where greatest(dp, db, dc) >= 2`,
    range,
  )) as { disagreements: number }[];
  const before = previousPeriod(from, to);
  const [previous] = (await db.query(
    `select (select count(*)::int from actors a where ${PERIOD_SQL.actorStock('a')}) as actors,
            (select count(*)::int from actions x where ${PERIOD_SQL.action('x')}) as actions,
            (select count(*)::int from alliances al where ${PERIOD_SQL.alliance('al')}) as alliances`,
    [before.from, before.to],
  )) as { actors: number; actions: number; alliances: number }[];
  const newPriorities = (
    (await db.query(
      `select title from priorities where created_at::date between $1 and $2 order by created_at, title`,
      range,
    )) as { title: string }[]
  ).map((row) => row.title);
  const allianceItems = (await db.query(
    `select al.title, al.status, al.modes, to_char(coalesce(al.start_date, al.created_at::date), 'YYYY-MM-DD') as "startDate",
            array(select a.name from alliance_parties p join actors a on a.territory_id = p.territory_id and a.id = p.actor_id
                  where p.territory_id = al.territory_id and p.alliance_id = al.id order by a.name) as parties
     from alliances al where ${PERIOD_SQL.alliance('al')}
     order by coalesce(al.start_date, al.created_at::date) desc, al.created_at desc, al.title limit $3`,
    [...range, listLimit],
  )) as ActivityAlliance[];
  const actionItems = (await db.query(
    `select x.title, x.type, x.phase, to_char(x.start_date, 'YYYY-MM-DD') as "startDate",
            array(select a.name from actors a
                  where a.territory_id = x.territory_id
                    and (a.id = x.supported_actor_id
                         or a.id in (select p.actor_id from action_participants p
                                     where p.territory_id = x.territory_id and p.action_id = x.id))
                  order by a.name) as participants
     from actions x where ${PERIOD_SQL.action('x')}
     order by x.start_date desc, x.created_at desc, x.title limit $3`,
    [...range, listLimit],
  )) as ActivityAction[];
  const located = (await db.query(
    `select a.latitude, a.longitude, a.category, a.location_precision = 'commune' as approximate
     from actors a where ${PERIOD_SQL.actorStock('a')} and not a.external and a.latitude is not null`,
    range,
  )) as { latitude: string | number; longitude: string | number; category: string; approximate: boolean }[];
  const [placement] = (await db.query(
    `select count(*) filter (where not a.external and a.latitude is null)::int as unplaced,
            count(*) filter (where a.external)::int as external
     from actors a where ${PERIOD_SQL.actorStock('a')}`,
    range,
  )) as { unplaced: number; external: number }[];
  return {
    territory: territory ?? { name: '', kind: '', code: null },
    period: { from, to },
    generatedAt: new Date().toISOString(),
    actorsByCategory: byCount(dashboard.actorsByCategory).map(({ key, count }) => ({ category: key, count })),
    newActors: { count: newCount?.count ?? 0, latest },
    actionsByTypeAndMonth,
    alliancesByMode: byCount(dashboard.alliancesByMode).map(({ key, count }) => ({ mode: key, count })),
    alliancesByStatus: byCount(dashboard.alliancesByStatus).map(({ key, count }) => ({ status: key, count })),
    newAlliances: changes?.created ?? 0,
    endedAlliances: changes?.ended ?? 0,
    mostConnected,
    fragilities,
    priorities,
    previous: {
      ...before,
      actors: previous?.actors ?? 0,
      actions: previous?.actions ?? 0,
      alliances: previous?.alliances ?? 0,
    },
    newPriorities,
    alliances: { total: changes?.created ?? 0, items: allianceItems },
    actions: {
      total: actionsByTypeAndMonth.reduce((sum, row) => sum + row.count, 0),
      items: actionItems,
    },
    map: {
      points: located.map((row) => ({
        latitude: Number(row.latitude),
        longitude: Number(row.longitude),
        category: row.category,
        approximate: row.approximate === true,
      })),
      unplaced: placement?.unplaced ?? 0,
      external: placement?.external ?? 0,
    },
    network: await networkFigures(db, to),
    evaluations: {
      count: dashboard.evaluations.count,
      product: dashboard.evaluations.averages.product,
      balance: dashboard.evaluations.averages.balance,
      contribution: dashboard.evaluations.averages.contribution,
      disagreements: evaluation?.disagreements ?? 0,
    },
  };
}
