import { createRequire } from 'node:module';
import { MultiUndirectedGraph, UndirectedGraph } from 'graphology';
import { connectedComponents } from 'graphology-components';
import type Louvain from 'graphology-communities-louvain';
import type BetweennessCentrality from 'graphology-metrics/centrality/betweenness.js';
import { ALLIANCE_MODES } from '../ecosystem.types.js';
import type { GraphActorRow, GraphAllianceRow } from './views.repository.js';
import type { GraphView } from './views.types.js';

// These packages are CommonJS modules whose typings declare an ES default export.
const require = createRequire(import.meta.url);
const louvain = require('graphology-communities-louvain') as typeof Louvain.default;
const betweennessCentrality =
  require('graphology-metrics/centrality/betweenness') as typeof BetweennessCentrality.default;

export interface GraphAnalysisOptions {
  /**
   * Betweenness (Brandes, O(V·E) over the linked actors) is computed only when
   * at most this many actors have a link; above, every actor's is 0.
   */
  betweennessUpTo?: number;
}

/**
 * Betweenness centrality normalised over all `order` actors, computed on the
 * linked actors only: an actor without links lies on no shortest path and
 * adds none, so the values are those of the whole graph, for a fraction of the
 * cost on a territory where most actors have no alliance yet. Unweighted (BFS).
 */
function linkedBetweenness(simple: UndirectedGraph, upTo: number): Map<string, number> {
  const linked = new UndirectedGraph();
  simple.forEachNode((node) => {
    if (simple.degree(node) > 0) linked.addNode(node);
  });
  // Fewer than three linked actors: nobody lies between two others.
  if (linked.order > upTo || linked.order < 3) return new Map();
  simple.forEachEdge((_edge, _attributes, source, target) => linked.addEdge(source, target));
  // Not normalised, graphology halves an undirected graph's sums; normalised, it divides them by (N-1)(N-2).
  const halves = betweennessCentrality(linked, { normalized: false, getEdgeWeight: null });
  const scale = 2 / ((simple.order - 1) * (simple.order - 2));
  return new Map(Object.entries(halves).map(([node, value]) => [node, value * scale]));
}

/**
 * Actors as nodes, alliances as edges between each pair of their parties
 * (declined, withdrawn or not yet recorded alliances left out); degree and
 * betweenness centrality, connected components and Louvain communities from
 * graphology. Shared by the graph view and the territory activity report.
 */
export function analyseGraph(
  actors: GraphActorRow[],
  alliances: GraphAllianceRow[],
  asOf: Date,
  options: GraphAnalysisOptions = {},
): GraphView {
  const graph = new MultiUndirectedGraph();
  for (const actor of actors) graph.addNode(actor.id);
  const edges: GraphView['edges'] = [];
  for (const alliance of alliances) {
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
  const betweenness = linkedBetweenness(simple, options.betweennessUpTo ?? Number.POSITIVE_INFINITY);
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
    asOf: asOf.toISOString(),
    nodes: actors.map((actor) => ({
      id: actor.id,
      name: actor.name,
      category: actor.category,
      degree: simple.degree(actor.id),
      betweenness: Math.round((betweenness.get(actor.id) ?? 0) * 10_000) / 10_000,
      component: componentOf.get(actor.id) ?? 0,
      community: communityOf(actor.id),
    })),
    edges,
    components: components.length,
    communities: renumbered.size,
  };
}
