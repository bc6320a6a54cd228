import { Injectable } from '@nestjs/common';
import { createRequire } from 'node:module';
import { MultiUndirectedGraph, UndirectedGraph } from 'graphology';
import { connectedComponents } from 'graphology-components';
import type Louvain from 'graphology-communities-louvain';
import type BetweennessCentrality from 'graphology-metrics/centrality/betweenness.js';
import { notFound, TenantContext, Transactions } from '@maillage/platform';
import type { ActorFilters } from '../directory/actor.model.js';
import { assertMayFilterByAlliance, seesAllianceCount } from '../activity/alliance-visibility.js';
import { ALLIANCE_MODES } from '../ecosystem.types.js';
import { ViewsRepository } from './views.repository.js';
import { GeographyService } from '@maillage/territories';
import {
  FIRST_STEPS,
  type Dashboard,
  type FirstSteps,
  type GraphView,
  type MapView,
  type TimelineEntry,
} from './views.types.js';

// These packages are CommonJS modules whose typings declare an ES default export.
const require = createRequire(import.meta.url);
const louvain = require('graphology-communities-louvain') as typeof Louvain.default;
const betweennessCentrality =
  require('graphology-metrics/centrality/betweenness') as typeof BetweennessCentrality.default;

/** The territory seen whole: map, graph of who works with whom, timeline, dashboard. */
@Injectable()
export class EcosystemViewsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly repository: ViewsRepository,
    private readonly geography: GeographyService,
  ) {}

  async map(filters: ActorFilters): Promise<MapView> {
    const access = this.context.territory;
    assertMayFilterByAlliance(access, filters.hasAlliance);
    const [rows, communeRows] = await this.transactions.tenant(async (db) => [
      await this.repository.mapRows(db, filters),
      await this.repository.mapCommunes(db),
    ]);
    const communes = communeRows.map((row) => ({
      code: row.commune_code,
      name: this.geography.commune(row.commune_code)?.name ?? row.commune_code,
      latitude: Number(row.latitude),
      longitude: Number(row.longitude),
    }));
    const points = [
      ...communes.map((commune) => [commune.longitude, commune.latitude]),
      ...rows.filter((row) => !row.external).map((row) => [row.longitude, row.latitude]),
    ];
    const bbox: MapView['bbox'] = points.length
      ? [
          Math.min(...points.map((point) => point[0]!)),
          Math.min(...points.map((point) => point[1]!)),
          Math.max(...points.map((point) => point[0]!)),
          Math.max(...points.map((point) => point[1]!)),
        ]
      : null;
    return {
      type: 'FeatureCollection',
      bbox,
      communes,
      features: rows.map((row) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [row.longitude, row.latitude] },
        properties: {
          id: row.id,
          name: row.name,
          category: row.category,
          allianceCount: seesAllianceCount(access, row.id) ? Number(row.alliance_count) : null,
          external: row.external,
          precision: row.location_precision,
          approximate: row.location_precision === 'commune',
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
      actors: await this.repository.graphActors(db, date),
      parties: await this.repository.graphAlliances(db, date),
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

  /** Everything an actor took part in (actions, alliances) and its profile's changes, newest first. */
  async timeline(actorId: string): Promise<TimelineEntry[]> {
    return this.transactions.tenant(async (db) => {
      if (!(await this.repository.actorExists(db, actorId))) throw notFound();
      return this.repository.timeline(db, actorId);
    });
  }

  async dashboard(from?: string, to?: string): Promise<Dashboard> {
    return this.transactions.tenant((db) => this.repository.dashboard(db, from, to));
  }

  /** The « Premiers pas » checklist, ticked from the territory's data. */
  async firstSteps(): Promise<FirstSteps> {
    const counts = await this.transactions.tenant((db) => this.repository.firstSteps(db));
    const steps = FIRST_STEPS.map((key) => ({ key, done: counts[key] > 0, count: counts[key] }));
    return { steps, remaining: steps.filter((step) => !step.done).length };
  }
}
