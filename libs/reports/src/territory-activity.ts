import type { Db } from '@maillage/platform';
import { ACTION_TYPES, dashboardFigures, FRAGILITIES, PERIOD_SQL } from '@maillage/ecosystem';

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
     where created_at::date between $1 and $2 order by created_at desc limit 20`,
    range,
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
    evaluations: {
      count: dashboard.evaluations.count,
      product: dashboard.evaluations.averages.product,
      balance: dashboard.evaluations.averages.balance,
      contribution: dashboard.evaluations.averages.contribution,
      disagreements: evaluation?.disagreements ?? 0,
    },
  };
}
