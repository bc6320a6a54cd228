import { Injectable } from '@nestjs/common';
import { createRequire } from 'node:module';
import { MultiUndirectedGraph, UndirectedGraph } from 'graphology';
import { connectedComponents } from 'graphology-components';
import type Louvain from 'graphology-communities-louvain';
import type BetweennessCentrality from 'graphology-metrics/centrality/betweenness.js';
import { notFound, TenantContext, Transactions } from '@maillage/platform';
import { actorFilterSql, type ActorFilters } from './actors.service.js';
import { assertMayFilterByAlliance, seesAllianceCount } from './alliance-visibility.js';
import type { ActorCategory, AllianceMode, AllianceStatus } from './ecosystem.types.js';

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
            modes: alliance.modes,
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
    const communities: Record<string, number> = simple.size > 0 ? louvain(simple, { randomWalk: false }) : {};
    return {
      asOf: date.toISOString(),
      nodes: actors.map((actor) => ({
        id: actor.id,
        name: actor.name,
        category: actor.category,
        degree: simple.degree(actor.id),
        betweenness: Math.round((betweenness[actor.id] ?? 0) * 10_000) / 10_000,
        component: componentOf.get(actor.id) ?? 0,
        community: communities[actor.id] ?? -1,
      })),
      edges,
      components: components.length,
      communities: new Set(Object.values(communities)).size,
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
    return this.transactions.tenant(async (db) => {
      const count = async (sql: string, params: unknown[] = []) =>
        Object.fromEntries(
          ((await db.query(sql, params)) as { key: string; count: string }[]).map((row) => [
            row.key,
            Number(row.count),
          ]),
        );
      const actorsByCategory = await count(
        `select category as key, count(*) as count from actors where archived_at is null group by category`,
      );
      const actions: { month: string; type: string; count: string }[] = await db.query(
        `select to_char(date_trunc('month', start_date), 'YYYY-MM') as month, type, count(*) as count
         from actions where ($1::date is null or start_date >= $1) and ($2::date is null or start_date <= $2)
         group by 1, 2 order by 1, 2`,
        [from ?? null, to ?? null],
      );
      const period = `($1::date is null or coalesce(start_date, created_at::date) >= $1) and ($2::date is null or coalesce(start_date, created_at::date) <= $2)`;
      const alliancesByMode = await count(
        `select unnest(modes) as key, count(*) as count from alliances where ${period} group by 1`,
        [from ?? null, to ?? null],
      );
      const alliancesByStatus = await count(
        `select status as key, count(*) as count from alliances where ${period} group by 1`,
        [from ?? null, to ?? null],
      );
      const evaluation: {
        count: string;
        product: string | null;
        balance: string | null;
        contribution: string | null;
      }[] = await db.query(
        `select count(*) as count, round(avg(product), 2) as product, round(avg(balance), 2) as balance,
                  round(avg(contribution), 2) as contribution from alliance_evaluations`,
      );
      const averages = evaluation[0];
      const toNumber = (value: string | null | undefined) =>
        value === null || value === undefined ? null : Number(value);
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
    });
  }
}
