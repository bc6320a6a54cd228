import type { EntityManager } from 'typeorm';
import { FIGURE_KEYS, figureKey, type Figures, type MonthFigures, type Stage } from './observatory-catalogue.js';

/** Months `YYYY-MM` from `from` to `to`, both included. */
export function monthRange(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const period = `${year}-${String(month).padStart(2, '0')}`;
    if (period > to) return months;
    months.push(period);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

/** The month `count` months before `period` (negative: after). */
export function shiftMonth(period: string, count: number): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) - count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * Each territory's stage of the co-construction dynamic at a month's end,
 * read on its last twelve months:
 * - `structured`: at least 3 active alliances, at least one collective
 *   experiment started, and actions in at least 6 of the 12 months;
 * - `developing`: at least one active alliance, or at least 3 actions;
 * - `emerging`: the territory shares its map but neither of the above yet.
 */
export function dynamicStage(activeAlliances: number, last12: { actions: number[]; experiments: number }): Stage {
  const actions = last12.actions.reduce((sum, count) => sum + count, 0);
  const monthsWithActions = last12.actions.filter((count) => count > 0).length;
  if (activeAlliances >= 3 && last12.experiments >= 1 && monthsWithActions >= 6) return 'structured';
  if (activeAlliances >= 1 || actions >= 3) return 'developing';
  return 'emerging';
}

/** Month ends, in French time, for a list of months. */
const MONTHS_SQL = `
  select to_char(m, 'YYYY-MM') as period,
         (m::timestamp at time zone 'Europe/Paris') as start_at,
         ((m + interval '1 month')::timestamp at time zone 'Europe/Paris') as stop_at,
         (m + interval '1 month')::date as stop_date
  from generate_series($1::date, $2::date, interval '1 month') m`;

/** Each alliance's status over time: from one transition to the next. */
const STATES_SQL = `
  select t.territory_id, t.alliance_id, t.to_status as status, t.changed_at as since,
         lead(t.changed_at) over (partition by t.territory_id, t.alliance_id order by t.changed_at, t.id) as until
  from alliance_transitions t`;

/** Status of every alliance at each month's end. */
const STATUS_AT_MONTH_END = `
  months as (${MONTHS_SQL}),
  states as (${STATES_SQL}),
  at_end as (
    select m.period, m.start_at, m.stop_at, s.territory_id, s.alliance_id, s.status
    from months m join states s on s.since < m.stop_at and (s.until is null or s.until >= m.stop_at)
  )`;

const firstDay = (period: string) => `${period}-01`;

/**
 * Counts only, for the months `from`..`to`, per territory: every query groups
 * by territory. The rollup runs it in one territory's transaction, where row
 * security leaves that territory's rows only; the benchmark runs the very
 * same SQL once over every territory as the hand-written baseline. Nothing
 * leaves this function but numbers per territory, month and dimension.
 */
export async function figuresByTerritory(
  db: Pick<EntityManager, 'query'>,
  from: string,
  to: string,
  /** Territories that must have figures even with no rows (they still count, at the `emerging` stage). */
  territoryIds: readonly string[] = [],
): Promise<Map<string, Figures>> {
  const periods = monthRange(from, to);
  const byTerritory = new Map<string, Figures>();
  const figuresOf = (territoryId: string): Figures => {
    let figures = byTerritory.get(territoryId);
    if (!figures) {
      figures = new Map(periods.map((period) => [period, new Map<string, number>()]));
      byTerritory.set(territoryId, figures);
    }
    return figures;
  };
  const add = (territoryId: string, period: string, indicator: string, dimension: string, count: number) => {
    const month = figuresOf(territoryId).get(period);
    if (!month || count === 0) return;
    const key = figureKey(indicator, dimension);
    month.set(key, (month.get(key) ?? 0) + count);
  };
  const range = [firstDay(from), firstDay(to)];

  const actors: {
    territory_id: string;
    period: string;
    category: string;
    size_class: string | null;
    employer: boolean | null;
    engaged: boolean;
    n: number;
  }[] = await db.query(
    `with ${STATUS_AT_MONTH_END},
     engaged as (
       select distinct e.territory_id, e.period, p.actor_id from at_end e
       join alliance_parties p on p.territory_id = e.territory_id and p.alliance_id = e.alliance_id
       where e.status = 'active'
     )
     select a.territory_id, m.period, a.category, a.size_class, a.employer, (g.actor_id is not null) as engaged,
            count(*)::int as n
     from months m
     join actors a on a.created_at < m.stop_at and (a.archived_at is null or a.archived_at >= m.stop_at)
     left join engaged g on g.territory_id = a.territory_id and g.period = m.period and g.actor_id = a.id
     group by 1, 2, 3, 4, 5, 6`,
    range,
  );
  for (const row of actors) {
    const dimensions = ['total', `category:${row.category}`];
    if (row.category === 'company') {
      dimensions.push(`company_size:${row.size_class ?? 'unknown'}`);
      if (row.size_class && row.size_class !== 'micro') dimensions.push('segment:company_10_plus');
    }
    if (row.category === 'association')
      dimensions.push(`association_employer:${row.employer === null ? 'unknown' : row.employer ? 'yes' : 'no'}`);
    for (const dimension of dimensions) {
      add(row.territory_id, row.period, 'actors', dimension, row.n);
      if (row.engaged) add(row.territory_id, row.period, 'engaged_actors', dimension, row.n);
    }
  }

  const alliances: {
    territory_id: string;
    period: string;
    status: string;
    modes: string[];
    fragilities: string[];
    fresh: boolean;
    n: number;
  }[] = await db.query(
    `with ${STATUS_AT_MONTH_END},
     fragilities as (
       select al.territory_id, al.id, al.modes, al.created_at,
              array(select distinct f from unnest(al.fragilities || coalesce(
                (select array_agg(pf) from alliance_priorities ap
                 join priorities p on p.territory_id = ap.territory_id and p.id = ap.priority_id
                 cross join unnest(p.fragilities) pf
                 where ap.territory_id = al.territory_id and ap.alliance_id = al.id), '{}')) f order by f) as fragilities
       from alliances al
     )
     select e.territory_id, e.period, e.status, f.modes, f.fragilities,
            (f.created_at >= e.start_at and f.created_at < e.stop_at) as fresh, count(*)::int as n
     from at_end e join fragilities f on f.territory_id = e.territory_id and f.id = e.alliance_id
     group by 1, 2, 3, 4, 5, 6`,
    range,
  );
  for (const row of alliances) {
    const { territory_id: territory, period, n } = row;
    add(territory, period, 'alliances', 'total', n);
    add(territory, period, 'alliances', `status:${row.status}`, n);
    if (row.status === 'active') {
      add(territory, period, 'active_alliances', 'total', n);
      for (const mode of row.modes) add(territory, period, 'active_alliances', `mode:${mode}`, n);
      for (const fragility of row.fragilities)
        add(territory, period, 'alliances_by_fragility', `fragility:${fragility}`, n);
    }
    if (row.fresh) {
      add(territory, period, 'new_alliances', 'total', n);
      for (const mode of row.modes) add(territory, period, 'new_alliances', `mode:${mode}`, n);
    }
  }

  // Actions from eleven months earlier: the stage reads the last twelve months.
  const actions: { territory_id: string; period: string; type: string; n: number }[] = await db.query(
    `select territory_id, to_char(start_date, 'YYYY-MM') as period, type, count(*)::int as n from actions
     where start_date >= $1::date and start_date < $2::date group by 1, 2, 3`,
    [firstDay(shiftMonth(from, 11)), firstDay(shiftMonth(to, -1))],
  );
  const window = [firstDay(from), firstDay(shiftMonth(to, -1))];
  const participants: { territory_id: string; period: string; type: string | null; n: number }[] = await db.query(
    `select x.territory_id, to_char(x.start_date, 'YYYY-MM') as period, x.type, count(distinct p.actor_id)::int as n
     from actions x join action_participants p on p.territory_id = x.territory_id and p.action_id = x.id
     where x.start_date >= $1::date and x.start_date < $2::date
     group by grouping sets ((x.territory_id, to_char(x.start_date, 'YYYY-MM'), x.type),
                             (x.territory_id, to_char(x.start_date, 'YYYY-MM')))`,
    window,
  );
  const actionFragilities: { territory_id: string; period: string; fragility: string; n: number }[] = await db.query(
    `select x.territory_id, to_char(x.start_date, 'YYYY-MM') as period, f as fragility, count(distinct x.id)::int as n
     from actions x
     join action_priorities ap on ap.territory_id = x.territory_id and ap.action_id = x.id
     join priorities p on p.territory_id = ap.territory_id and p.id = ap.priority_id
     cross join unnest(p.fragilities) f
     where x.start_date >= $1::date and x.start_date < $2::date
     group by 1, 2, 3`,
    window,
  );
  const actionsByMonth = new Map<string, number>();
  const experimentsByMonth = new Map<string, number>();
  for (const row of actions) {
    const key = `${row.territory_id}|${row.period}`;
    actionsByMonth.set(key, (actionsByMonth.get(key) ?? 0) + row.n);
    if (row.type === 'collective_experiment') experimentsByMonth.set(key, row.n);
    add(row.territory_id, row.period, 'actions', 'total', row.n);
    add(row.territory_id, row.period, 'actions', `type:${row.type}`, row.n);
  }
  for (const row of participants)
    add(row.territory_id, row.period, 'action_participants', row.type ? `type:${row.type}` : 'total', row.n);
  for (const row of actionFragilities)
    add(row.territory_id, row.period, 'actions_by_fragility', `fragility:${row.fragility}`, row.n);

  const priorities: { territory_id: string; period: string; fragilities: string[]; covered: boolean; n: number }[] =
    await db.query(
      `with months as (${MONTHS_SQL})
       select p.territory_id, m.period, p.fragilities,
              (exists (select 1 from action_priorities ap
                       join actions x on x.territory_id = ap.territory_id and x.id = ap.action_id
                       where ap.territory_id = p.territory_id and ap.priority_id = p.id and x.start_date < m.stop_date)
               or exists (select 1 from alliance_priorities lp
                          join alliances al on al.territory_id = lp.territory_id and al.id = lp.alliance_id
                          where lp.territory_id = p.territory_id and lp.priority_id = p.id and al.created_at < m.stop_at))
                as covered,
              count(*)::int as n
       from months m join priorities p on p.created_at < m.stop_at and p.status <> 'abandoned'
       group by 1, 2, 3, 4`,
      range,
    );
  for (const row of priorities) {
    add(row.territory_id, row.period, 'priorities', 'total', row.n);
    if (row.covered) add(row.territory_id, row.period, 'priorities', 'covered', row.n);
    for (const fragility of row.fragilities)
      add(row.territory_id, row.period, 'priorities', `fragility:${fragility}`, row.n);
  }

  for (const territoryId of territoryIds) figuresOf(territoryId);
  for (const [territoryId, figures] of byTerritory) {
    for (const period of periods) {
      const month = figures.get(period) as MonthFigures;
      const last12 = Array.from({ length: 12 }, (_, index) => `${territoryId}|${shiftMonth(period, index)}`);
      const stage = dynamicStage(month.get(figureKey('alliances', 'status:active')) ?? 0, {
        actions: last12.map((key) => actionsByMonth.get(key) ?? 0),
        experiments: last12.reduce((sum, key) => sum + (experimentsByMonth.get(key) ?? 0), 0),
      });
      add(territoryId, period, 'territories', 'total', 1);
      add(territoryId, period, 'territories', `stage:${stage}`, 1);
    }
  }
  return byTerritory;
}

/** One territory's figures, inside its own transaction (row security leaves its rows only). */
export async function territoryFigures(
  db: Pick<EntityManager, 'query'>,
  territoryId: string,
  from: string,
  to: string,
): Promise<Figures> {
  const byTerritory = await figuresByTerritory(db, from, to, [territoryId]);
  if (byTerritory.size !== 1) throw new Error('territoryFigures must run inside its territory’s transaction');
  return byTerritory.get(territoryId) as Figures;
}

/** Every published key of a month, zeros included. */
export function completeMonth(month: MonthFigures | undefined): MonthFigures {
  return new Map(FIGURE_KEYS.map((key) => [key, month?.get(key) ?? 0]));
}
