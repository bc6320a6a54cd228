import { Injectable } from '@nestjs/common';
import { createRequire } from 'node:module';
import { MultiUndirectedGraph, UndirectedGraph } from 'graphology';
import { connectedComponents } from 'graphology-components';
import type Louvain from 'graphology-communities-louvain';
import type BetweennessCentrality from 'graphology-metrics/centrality/betweenness.js';
import { notFound, TenantContext, Transactions, type Db } from '@maillage/platform';
import type { ActorFilters } from '../directory/actor.model.js';
import { actorFilterSql } from '../directory/actors.repository.js';
import { assertMayFilterByAlliance, seesAllianceCount } from '../activity/alliance-visibility.js';
import { ALLIANCE_MODES, type ActorCategory, type AllianceMode, type AllianceStatus } from '../ecosystem.types.js';

export interface MapFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  /** `allianceCount` is null when the caller may not know it (see seesAllianceCount). */
  properties: { id: string; name: string; category: ActorCategory; allianceCount: number | null; external: boolean };
}

export interface GraphView {
  asOf: string;
  nodes: {
    id: string;
    name: string;
    category: ActorCategory;
    degree: number;
    betweenness: number;
    component: number;
    community: number;
  }[];
  edges: {
    id: string;
    allianceId: string;
    source: string;
    target: string;
    status: AllianceStatus;
    modes: AllianceMode[];
  }[];
  components: number;
  communities: number;
}

export interface TimelineEntry {
  date: string;
  kind: 'action' | 'alliance';
  id: string;
  title: string;
  type: string;
  role: string;
}

export interface Dashboard {
  period: { from: string | null; to: string | null };
  actorsByCategory: Record<string, number>;
  actionsByTypeAndMonth: { month: string; type: string; count: number }[];
  alliancesByMode: Record<string, number>;
  alliancesByStatus: Record<string, number>;
  evaluations: {
    count: number;
    averages: { product: number | null; balance: number | null; contribution: number | null };
  };
}

// These packages are CommonJS modules whose typings declare an ES default export.
const require = createRequire(import.meta.url);
const louvain = require('graphology-communities-louvain') as typeof Louvain.default;
const betweennessCentrality =
  require('graphology-metrics/centrality/betweenness') as typeof BetweennessCentrality.default;

/** Statuses an alliance is in "as of" a date: the last transition made by then. */
const STATUS_AS_OF = `
  (select t.to_status from alliance_transitions t
   where t.territory_id = al.territory_id and t.alliance_id = al.id and t.changed_at <= $1
   order by t.id desc limit 1)`;

/** The territory seen whole: map, graph of who works with whom, timeline, dashboard. */
@Injectable()
export class EcosystemViewsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
  ) {}

  async map(filters: ActorFilters): Promise<{ type: 'FeatureCollection'; features: MapFeature[] }> {
    const access = this.context.territory;
    assertMayFilterByAlliance(access, filters.hasAlliance);
    const params: unknown[] = [];
    const where = actorFilterSql(filters, params);
    const rows: {
      id: string;
      name: string;
      category: ActorCategory;
      latitude: number;
      longitude: number;
      external: boolean;
      alliance_count: string;
    }[] = await this.transactions.tenant((db) =>
      db.query(
        `select a.id, a.name, a.category, a.latitude, a.longitude, a.external,
                  (select count(distinct p.alliance_id) from alliance_parties p
                   where p.territory_id = a.territory_id and p.actor_id = a.id) as alliance_count
           from actors a ${where ? `${where} and` : 'where'} a.latitude is not null
           order by a.name limit 20000`,
        params,
      ),
    );
    return {
      type: 'FeatureCollection',
      features: rows.map((row) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [row.longitude, row.latitude] },
        properties: {
          id: row.id,
          name: row.name,
          category: row.category,
          allianceCount: seesAllianceCount(access, row.id) ? Number(row.alliance_count) : null,
          external: row.external,
        },
      })),
    };
  }

  /**
   * Actors as nodes, alliances as edges between each pair of their parties,
   * as they stood on `asOf`; degree and betweenness centrality, connected
   * components and Louvain communities from graphology.
   */
  async graph(asOf?: Date): Promise<GraphView> {
    const date = asOf ?? new Date();
    const { actors, parties } = await this.transactions.tenant(async (db) => ({
      actors: (await db.query(
        `select id, name, category from actors where archived_at is null or archived_at > $1 order by name`,
        [date],
      )) as { id: string; name: string; category: ActorCategory }[],
      parties: (await db.query(
        `select al.id as alliance_id, al.modes, ${STATUS_AS_OF} as status,
                array_agg(p.actor_id order by p.actor_id) as actor_ids
         from alliances al join alliance_parties p on p.territory_id = al.territory_id and p.alliance_id = al.id
         where al.created_at <= $1
         group by al.territory_id, al.id, al.modes`,
        [date],
      )) as { alliance_id: string; modes: AllianceMode[]; status: AllianceStatus | null; actor_ids: string[] }[],
    }));
    const graph = new MultiUndirectedGraph();
    for (const actor of actors) graph.addNode(actor.id);
    const edges: GraphView['edges'] = [];
    for (const alliance of parties) {
      if (!alliance.status || ['declined', 'withdrawn'].includes(alliance.status)) continue;
      const members = alliance.actor_ids.filter((id) => graph.hasNode(id));
      for (let i = 0; i < members.length; i += 1) {
        for (let j = i + 1; j < members.length; j += 1) {
          const source = members[i] as string;
          const target = members[j] as string;
          const id = `${alliance.alliance_id}:${source}:${target}`;
          graph.addEdgeWithKey(id, source, target);
          edges.push({
            id,
            allianceId: alliance.alliance_id,
            source,
            target,
            status: alliance.status,
            // In the catalogue's order, whatever order they were chosen in.
            modes: ALLIANCE_MODES.filter((mode) => alliance.modes.includes(mode)),
          });
        }
      }
    }
    // Centrality and communities read the simple graph (one link per pair, however many alliances).
    const simple = new UndirectedGraph();
    graph.forEachNode((node) => simple.addNode(node));
    graph.forEachEdge((_edge, _attributes, source, target) => {
      if (!simple.hasEdge(source, target)) simple.addEdge(source, target);
    });
    const betweenness = simple.order > 0 ? betweennessCentrality(simple, { normalized: true }) : {};
    const components = connectedComponents(simple);
    const componentOf = new Map<string, number>();
    components.forEach((members, index) => members.forEach((node) => componentOf.set(node, index)));
    // Louvain puts each actor without links in a community of its own: those are no
    // communities. Linked actors' communities are numbered 0, 1, … in order of first
    // appearance; an actor without links has -1.
    const louvainOf: Record<string, number> = simple.size > 0 ? louvain(simple, { randomWalk: false }) : {};
    const renumbered = new Map<number, number>();
    const communityOf = (node: string): number => {
      const found = louvainOf[node];
      if (found === undefined || simple.degree(node) === 0) return -1;
      if (!renumbered.has(found)) renumbered.set(found, renumbered.size);
      return renumbered.get(found) as number;
    };
    return {
      asOf: date.toISOString(),
      nodes: actors.map((actor) => ({
        id: actor.id,
        name: actor.name,
        category: actor.category,
        degree: simple.degree(actor.id),
        betweenness: Math.round((betweenness[actor.id] ?? 0) * 10_000) / 10_000,
        component: componentOf.get(actor.id) ?? 0,
        community: communityOf(actor.id),
      })),
      edges,
      components: components.length,
      communities: renumbered.size,
    };
  }

  /** Everything an actor took part in: actions (participant or supported) and alliances, newest first. */
  async timeline(actorId: string): Promise<TimelineEntry[]> {
    return this.transactions.tenant(async (db) => {
      const exists: unknown[] = await db.query(`select 1 from actors where id = $1`, [actorId]);
      if (exists.length === 0) throw notFound();
      const rows: TimelineEntry[] = await db.query(
        `select to_char(x.start_date, 'YYYY-MM-DD') as date, 'action' as kind, x.id, x.title, x.type,
                coalesce(p.role, 'supported') as role
         from actions x left join action_participants p
           on p.territory_id = x.territory_id and p.action_id = x.id and p.actor_id = $1
         where p.actor_id is not null or x.supported_actor_id = $1
         union all
         select to_char(coalesce(al.start_date, al.created_at::date), 'YYYY-MM-DD'), 'alliance', al.id, al.title, al.status,
                p.role
         from alliances al join alliance_parties p on p.territory_id = al.territory_id and p.alliance_id = al.id
         where p.actor_id = $1
         order by 1 desc, 3`,
        [actorId],
      );
      return rows;
    });
  }

  async dashboard(from?: string, to?: string): Promise<Dashboard> {
    return this.transactions.tenant((db) => dashboardFigures(db, from, to));
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
