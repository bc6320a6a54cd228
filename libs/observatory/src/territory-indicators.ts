import type { Db } from '@maillage/platform';
import { figureKey, type Figures, type MonthFigures, type Stage } from './observatory-catalogue.js';

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

/** A month as a number (`year × 12 + month − 1`), so ranges of months are ranges of integers. */
export const monthIndex = (period: string): number => {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return year * 12 + month - 1;
};
const periodOf = (index: number): string => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;

/** The month (as an index) a timestamp falls in, in French time; `far` when null (never). */
const MONTH_OF = (column: string, far = false) =>
  `${far ? 'coalesce(' : ''}(extract(year from ${column} at time zone 'Europe/Paris')::int * 12
     + extract(month from ${column} at time zone 'Europe/Paris')::int - 1)${far ? `, ${NEVER})` : ''}`;
const MONTH_OF_DATE = (column: string) =>
  `(extract(year from ${column})::int * 12 + extract(month from ${column})::int - 1)`;
/** A month index later than any real one: "still so today". */
const NEVER = 1_000_000;

/**
 * Each alliance's states as ranges of month ends: a state entered during
 * month `m1` and left during month `m2` is the state at the end of months
 * m1 … m2 − 1 (none when both fall in the same month). Months are those of
 * the day each move happened (`occurred_on`), not of when it was typed.
 */
const STATE_RANGES = `
  select territory_id, alliance_id, status, m1, m2 from (
    select t.territory_id, t.alliance_id, t.to_status as status, ${MONTH_OF_DATE('t.occurred_on')} as m1,
           coalesce(${MONTH_OF_DATE('lead(t.occurred_on) over (partition by t.territory_id, t.alliance_id order by t.occurred_on, t.id)')}, ${NEVER}) as m2
    from alliance_transitions t
  ) s where m2 > m1`;

/**
 * Stocks at each month's end, computed from changes: every row that is
 * counted from month m1 until month m2 (excluded) gives +1 at m1 and −1 at
 * m2, summed per month; a running sum then gives each month's stock. The
 * database aggregates as many rows as there are changes, not rows × months.
 */
class Stocks {
  private readonly changes = new Map<string, Map<number, number>>();

  add(key: string, month: number, delta: number): void {
    let series = this.changes.get(key);
    if (!series) this.changes.set(key, (series = new Map()));
    series.set(month, (series.get(month) ?? 0) + delta);
  }

  /** Each key's stock at the end of each month of `periods`. */
  *values(periods: readonly string[]): Generator<[string, string, number]> {
    const indexes = periods.map(monthIndex);
    for (const [key, series] of this.changes) {
      const months = [...series.keys()].sort((a, b) => a - b);
      let stock = 0;
      let next = 0;
      for (const [position, index] of indexes.entries()) {
        while (next < months.length && (months[next] as number) <= index)
          stock += series.get(months[next++] as number) ?? 0;
        yield [key, periods[position] as string, stock];
      }
    }
  }
}

/**
 * Counts only, for the months `from`..`to`, per territory: every query groups
 * by territory. The rollup runs it in one territory's transaction, where row
 * security leaves that territory's rows only; the benchmark runs the very
 * same SQL once over every territory as the hand-written baseline. Nothing
 * leaves this function but numbers per territory, month and dimension.
 */
export async function figuresByTerritory(
  db: Pick<Db, 'query'>,
  from: string,
  to: string,
  /** Territories that must have figures even with no rows (they still count, at the `emerging` stage). */
  territoryIds: readonly string[] = [],
  /** The month each workspace was created (`YYYY-MM`): it counts among the territories from then on only. */
  createdMonths: ReadonlyMap<string, string> = new Map(),
): Promise<Map<string, Figures>> {
  const periods = monthRange(from, to);
  const first = monthIndex(from);
  const last = monthIndex(to);
  const byTerritory = new Map<string, Figures>();
  const stocks = new Map<string, Stocks>();
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
  const change = (territoryId: string, indicator: string, dimension: string, month: number, delta: number) => {
    let territory = stocks.get(territoryId);
    if (!territory) stocks.set(territoryId, (territory = new Stocks()));
    territory.add(figureKey(indicator, dimension), month, delta);
  };
  const actorDimensions = (category: string, sizeClass: string | null, employer: boolean | null) => {
    const dimensions = ['total', `category:${category}`];
    if (category === 'company') {
      dimensions.push(`company_size:${sizeClass ?? 'unknown'}`);
      if (sizeClass && sizeClass !== 'micro') dimensions.push('segment:company_10_plus');
    }
    if (category === 'association')
      dimensions.push(`association_employer:${employer === null ? 'unknown' : employer ? 'yes' : 'no'}`);
    return dimensions;
  };

  type ActorChange = { territory_id: string; category: string; size_class: string | null; employer: boolean | null };
  // Actors, from their creation to their archiving.
  const actors: (ActorChange & { month: number; delta: number })[] = await db.query(
    `select territory_id, category, size_class, employer, month, sum(delta)::int as delta from (
       select territory_id, category, size_class, employer, ${MONTH_OF('created_at')} as month, 1 as delta from actors
       where archived_at is null or ${MONTH_OF('archived_at')} > ${MONTH_OF('created_at')}
       union all
       select territory_id, category, size_class, employer, ${MONTH_OF('archived_at')}, -1 from actors
       where ${MONTH_OF('archived_at')} > ${MONTH_OF('created_at')}
     ) c group by 1, 2, 3, 4, 5`,
  );
  for (const row of actors)
    for (const dimension of actorDimensions(row.category, row.size_class, row.employer))
      change(row.territory_id, 'actors', dimension, row.month, row.delta);

  // Engaged actors: the months an actor is party to at least one active alliance (overlapping
  // alliances merged into islands), within the actor's own life.
  const engaged: (ActorChange & { month: number; delta: number })[] = await db.query(
    `with active as (
       select s.territory_id, p.actor_id, s.m1, s.m2 from (${STATE_RANGES}) s
       join alliance_parties p on p.territory_id = s.territory_id and p.alliance_id = s.alliance_id
       where s.status = 'active'
     ), marked as (
       select *, case when m1 <= max(m2) over (partition by territory_id, actor_id order by m1, m2
                                               rows between unbounded preceding and 1 preceding)
                      then 0 else 1 end as starts
       from active
     ), numbered as (
       select *, sum(starts) over (partition by territory_id, actor_id order by m1, m2) as island from marked
     ), islands as (
       select territory_id, actor_id, min(m1) as m1, max(m2) as m2 from numbered group by 1, 2, island
     ), clipped as (
       select i.territory_id, a.category, a.size_class, a.employer,
              greatest(i.m1, ${MONTH_OF('a.created_at')}) as m1, least(i.m2, ${MONTH_OF('a.archived_at', true)}) as m2
       from islands i join actors a on a.territory_id = i.territory_id and a.id = i.actor_id
     )
     select territory_id, category, size_class, employer, month, sum(delta)::int as delta from (
       select territory_id, category, size_class, employer, m1 as month, 1 as delta from clipped where m2 > m1
       union all
       select territory_id, category, size_class, employer, m2, -1 from clipped where m2 > m1 and m2 < ${NEVER}
     ) c group by 1, 2, 3, 4, 5`,
  );
  for (const row of engaged)
    for (const dimension of actorDimensions(row.category, row.size_class, row.employer))
      change(row.territory_id, 'engaged_actors', dimension, row.month, row.delta);

  // Alliances by state at each month's end, with their modes and the fragilities they answer.
  const alliances: {
    territory_id: string;
    status: string;
    modes: string[];
    fragilities: string[];
    month: number;
    delta: number;
  }[] = await db.query(
    `with answered as (
       select al.territory_id, al.id, al.modes,
              array(select distinct f from unnest(al.fragilities || coalesce(
                (select array_agg(pf) from alliance_priorities ap
                 join priorities p on p.territory_id = ap.territory_id and p.id = ap.priority_id
                 cross join unnest(p.fragilities) pf
                 where ap.territory_id = al.territory_id and ap.alliance_id = al.id), '{}')) f order by f) as fragilities
       from alliances al
     ), ranges as (
       select s.territory_id, s.status, a.modes, a.fragilities, s.m1, s.m2 from (${STATE_RANGES}) s
       join answered a on a.territory_id = s.territory_id and a.id = s.alliance_id
     )
     select territory_id, status, modes, fragilities, month, sum(delta)::int as delta from (
       select territory_id, status, modes, fragilities, m1 as month, 1 as delta from ranges
       union all
       select territory_id, status, modes, fragilities, m2, -1 from ranges where m2 < ${NEVER}
     ) c group by 1, 2, 3, 4, 5`,
  );
  for (const row of alliances) {
    const { territory_id: territory, month, delta } = row;
    change(territory, 'alliances', 'total', month, delta);
    change(territory, 'alliances', `status:${row.status}`, month, delta);
    if (row.status !== 'active') continue;
    change(territory, 'active_alliances', 'total', month, delta);
    for (const mode of row.modes) change(territory, 'active_alliances', `mode:${mode}`, month, delta);
    for (const fragility of row.fragilities)
      change(territory, 'alliances_by_fragility', `fragility:${fragility}`, month, delta);
  }
  const fresh: { territory_id: string; modes: string[]; month: number; n: number }[] = await db.query(
    `select territory_id, modes, ${MONTH_OF('created_at')} as month, count(*)::int as n from alliances
     where created_at >= $1::timestamp at time zone 'Europe/Paris' group by 1, 2, 3`,
    [`${from}-01`],
  );
  for (const row of fresh) {
    if (row.month < first || row.month > last) continue;
    add(row.territory_id, periodOf(row.month), 'new_alliances', 'total', row.n);
    for (const mode of row.modes) add(row.territory_id, periodOf(row.month), 'new_alliances', `mode:${mode}`, row.n);
  }

  // Actions from eleven months earlier: the stage reads the last twelve months.
  const actions: { territory_id: string; month: number; type: string; n: number }[] = await db.query(
    `select territory_id, ${MONTH_OF_DATE('start_date')} as month, type, count(*)::int as n from actions
     where start_date >= $1::date and start_date < $2::date group by 1, 2, 3`,
    [`${shiftMonth(from, 11)}-01`, `${shiftMonth(to, -1)}-01`],
  );
  const window = [`${from}-01`, `${shiftMonth(to, -1)}-01`];
  const participants: { territory_id: string; month: number; type: string | null; n: number }[] = await db.query(
    `select x.territory_id, ${MONTH_OF_DATE('x.start_date')} as month, x.type, count(distinct p.actor_id)::int as n
     from actions x join action_participants p on p.territory_id = x.territory_id and p.action_id = x.id
     where x.start_date >= $1::date and x.start_date < $2::date
     group by grouping sets ((x.territory_id, ${MONTH_OF_DATE('x.start_date')}, x.type),
                             (x.territory_id, ${MONTH_OF_DATE('x.start_date')}))`,
    window,
  );
  const actionFragilities: { territory_id: string; month: number; fragility: string; n: number }[] = await db.query(
    `select x.territory_id, ${MONTH_OF_DATE('x.start_date')} as month, f as fragility, count(distinct x.id)::int as n
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
    const key = `${row.territory_id}|${row.month}`;
    actionsByMonth.set(key, (actionsByMonth.get(key) ?? 0) + row.n);
    if (row.type === 'collective_experiment') experimentsByMonth.set(key, row.n);
    if (row.month < first) continue;
    add(row.territory_id, periodOf(row.month), 'actions', 'total', row.n);
    add(row.territory_id, periodOf(row.month), 'actions', `type:${row.type}`, row.n);
  }
  for (const row of participants)
    add(row.territory_id, periodOf(row.month), 'action_participants', row.type ? `type:${row.type}` : 'total', row.n);
  for (const row of actionFragilities)
    add(row.territory_id, periodOf(row.month), 'actions_by_fragility', `fragility:${row.fragility}`, row.n);

  // Priorities (not abandoned) from their creation; covered from the first action started or
  // alliance made for them.
  const priorities: {
    territory_id: string;
    fragilities: string[];
    month: number;
    covered: number | null;
    n: number;
  }[] = await db.query(
    `select territory_id, fragilities, month,
            case when first_use is not null then greatest(month, first_use) end as covered, count(*)::int as n
     from (
       select p.territory_id, p.fragilities, ${MONTH_OF('p.created_at')} as month,
              least(
                (select min(${MONTH_OF_DATE('x.start_date')}) from action_priorities ap
                 join actions x on x.territory_id = ap.territory_id and x.id = ap.action_id
                 where ap.territory_id = p.territory_id and ap.priority_id = p.id),
                (select min(${MONTH_OF('al.created_at')}) from alliance_priorities lp
                 join alliances al on al.territory_id = lp.territory_id and al.id = lp.alliance_id
                 where lp.territory_id = p.territory_id and lp.priority_id = p.id)) as first_use
       from priorities p where p.status <> 'abandoned'
     ) p
     group by 1, 2, 3, 4`,
  );
  for (const row of priorities) {
    change(row.territory_id, 'priorities', 'total', row.month, row.n);
    if (row.covered !== null) change(row.territory_id, 'priorities', 'covered', row.covered, row.n);
    for (const fragility of row.fragilities)
      change(row.territory_id, 'priorities', `fragility:${fragility}`, row.month, row.n);
  }

  for (const [territoryId, territoryStocks] of stocks)
    for (const [key, period, value] of territoryStocks.values(periods)) {
      const [indicator, dimension] = key.split('|') as [string, string];
      add(territoryId, period, indicator, dimension, value);
    }

  for (const territoryId of territoryIds) figuresOf(territoryId);
  for (const [territoryId, figures] of byTerritory) {
    const created = createdMonths.get(territoryId) ?? '';
    for (const period of periods) {
      if (period < created) continue;
      const month = figures.get(period) as MonthFigures;
      const index = monthIndex(period);
      const last12 = Array.from({ length: 12 }, (_, back) => `${territoryId}|${index - back}`);
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
  db: Pick<Db, 'query'>,
  territoryId: string,
  from: string,
  to: string,
  /** The month the workspace was created (`YYYY-MM`). */
  created?: string,
): Promise<Figures> {
  const byTerritory = await figuresByTerritory(
    db,
    from,
    to,
    [territoryId],
    created ? new Map([[territoryId, created]]) : undefined,
  );
  if (byTerritory.size !== 1) throw new Error('territoryFigures must run inside its territory’s transaction');
  return byTerritory.get(territoryId) as Figures;
}
