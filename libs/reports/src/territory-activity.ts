import type { EntityManager } from 'typeorm';

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

const number = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** The queries the report needs; also what the benchmark times as "raw SQL". */
export async function gatherTerritoryActivity(
  db: EntityManager,
  territoryId: string,
  from: string,
  to: string,
): Promise<TerritoryActivity> {
  const range = [from, to];
  const [territory] = (await db.query(`select name, kind, code from territories where id = $1`, [
    territoryId,
  ])) as TerritoryActivity['territory'][];
  const actorsByCategory = (await db.query(
    `select category, count(*)::int as count from actors where archived_at is null group by category order by count desc, category`,
  )) as TerritoryActivity['actorsByCategory'];
  const [newCount] = (await db.query(
    `select count(*)::int as count from actors where created_at::date between $1 and $2`,
    range,
  )) as { count: number }[];
  const latest = (await db.query(
    `select name, category, to_char(created_at, 'YYYY-MM-DD') as "createdAt" from actors
     where created_at::date between $1 and $2 order by created_at desc limit 20`,
    range,
  )) as TerritoryActivity['newActors']['latest'];
  const actionsByTypeAndMonth = (await db.query(
    `select to_char(date_trunc('month', start_date), 'YYYY-MM') as month, type, count(*)::int as count
     from actions where start_date between $1 and $2 group by 1, 2 order by 1, 2`,
    range,
  )) as TerritoryActivity['actionsByTypeAndMonth'];
  const alliancesByMode = (await db.query(
    `select unnest(modes) as mode, count(*)::int as count from alliances where status not in ('declined', 'withdrawn')
     group by 1 order by 2 desc, 1`,
  )) as TerritoryActivity['alliancesByMode'];
  const alliancesByStatus = (await db.query(
    `select status, count(*)::int as count from alliances group by 1 order by 2 desc, 1`,
  )) as TerritoryActivity['alliancesByStatus'];
  const [changes] = (await db.query(
    `select (select count(*)::int from alliances where created_at::date between $1 and $2) as created,
            (select count(*)::int from alliance_transitions where to_status = 'ended' and changed_at::date between $1 and $2) as ended`,
    range,
  )) as { created: number; ended: number }[];
  const mostConnected = (await db.query(
    `select a.name, a.category, count(*)::int as alliances
     from alliance_parties p
     join alliances al on al.territory_id = p.territory_id and al.id = p.alliance_id and al.status = 'active'
     join actors a on a.territory_id = p.territory_id and a.id = p.actor_id
     group by a.id, a.name, a.category order by 3 desc, a.name limit 10`,
  )) as TerritoryActivity['mostConnected'];
  const fragilities = (await db.query(
    `select f as fragility,
            (select count(*)::int from actors a where f = any(a.fragilities) and a.archived_at is null) as actors,
            (select count(*)::int from alliances al where f = any(al.fragilities)) as alliances
     from unnest(array['economic', 'social', 'environmental', 'societal']) f`,
  )) as TerritoryActivity['fragilities'];
  const priorities = (await db.query(
    `select p.title, p.status,
            (select count(*)::int from action_priorities x where x.territory_id = p.territory_id and x.priority_id = p.id) as actions,
            (select count(*)::int from alliance_priorities x where x.territory_id = p.territory_id and x.priority_id = p.id) as alliances
     from priorities p order by p.title`,
  )) as TerritoryActivity['priorities'];
  const [evaluation] = (await db.query(
    `with scores as (
       select alliance_id, period, max(product) - min(product) as dp, max(balance) - min(balance) as db,
              max(contribution) - min(contribution) as dc
       from alliance_evaluations group by alliance_id, period
     )
     select (select count(*)::int from alliance_evaluations) as count,
            (select round(avg(product), 2) from alliance_evaluations) as product,
            (select round(avg(balance), 2) from alliance_evaluations) as balance,
            (select round(avg(contribution), 2) from alliance_evaluations) as contribution,
            (select count(*)::int from scores where greatest(dp, db, dc) >= 2) as disagreements`,
  )) as {
    count: number;
    product: string | null;
    balance: string | null;
    contribution: string | null;
    disagreements: number;
  }[];
  return {
    territory: territory ?? { name: '', kind: '', code: null },
    period: { from, to },
    generatedAt: new Date().toISOString(),
    actorsByCategory,
    newActors: { count: newCount?.count ?? 0, latest },
    actionsByTypeAndMonth,
    alliancesByMode,
    alliancesByStatus,
    newAlliances: changes?.created ?? 0,
    endedAlliances: changes?.ended ?? 0,
    mostConnected,
    fragilities,
    priorities,
    evaluations: {
      count: evaluation?.count ?? 0,
      product: number(evaluation?.product),
      balance: number(evaluation?.balance),
      contribution: number(evaluation?.contribution),
      disagreements: evaluation?.disagreements ?? 0,
    },
  };
}
