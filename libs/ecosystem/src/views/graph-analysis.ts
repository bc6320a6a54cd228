import { createRequire } from 'node:module';
import { MultiUndirectedGraph, UndirectedGraph } from 'graphology';
import { connectedComponents } from 'graphology-components';
import type Louvain from 'graphology-communities-louvain';
import { ALLIANCE_MODES } from '../ecosystem.types.js';
import type { GraphActorRow, GraphAllianceRow } from './views.repository.js';
import { betweennessSteps, seededRandom } from './betweenness.js';
import { layoutGraph, type Point } from './graph-layout.js';
import type { GraphAnalysis } from './views.types.js';

// A CommonJS module whose typings declare an ES default export.
const require = createRequire(import.meta.url);
const louvain = require('graphology-communities-louvain') as typeof Louvain.default;

/** Linked actors up to which betweenness is exact by default (MAILLAGE_GRAPH_EXACT_UP_TO). */
export const DEFAULT_EXACT_BETWEENNESS_UP_TO = 2_500;

export interface GraphAnalysisOptions {
  /**
   * Betweenness is exact (Brandes, O(V·E) over the linked actors) when at most this many actors
   * have a link; above, it is estimated from as many sampled sources, its error stated.
   */
  exactUpTo?: number;
  /** Sources sampled above `exactUpTo` (default: `exactUpTo`). */
  sources?: number;
  /** Positions to start the layout from (the stored ones); without, no layout (x = y = 0). */
  layoutFrom?: ReadonlyMap<string, Point>;
  /** Keep the actors of `layoutFrom` where they are (a past date drawn like today's graph). */
  keepPositions?: boolean;
}

/**
 * Actors as nodes, alliances as edges between each pair of their parties
 * (declined, withdrawn or not yet recorded alliances left out); degree and
 * betweenness centrality, connected components and Louvain communities from
 * graphology (betweenness: `betweenness`), and layout positions when asked
 * (`layoutGraph`). Shared by the graph view's worker job, its past dates, the
 * exports and the territory activity report.
 */
export function analyseGraph(
  actors: GraphActorRow[],
  alliances: GraphAllianceRow[],
  asOf: Date,
  options: GraphAnalysisOptions = {},
): GraphAnalysis {
  const steps = analysisSteps(actors, alliances, asOf, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** `analyseGraph` telling its progress (0 to 1) between its steps, for a worker job. */
export async function analyseGraphWithProgress(
  actors: GraphActorRow[],
  alliances: GraphAllianceRow[],
  asOf: Date,
  options: GraphAnalysisOptions,
  progress: (fraction: number) => Promise<void>,
): Promise<GraphAnalysis> {
  const steps = analysisSteps(actors, alliances, asOf, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await progress(next.value);
  }
}

/** The analysis, yielding the share done after each costly step. */
function* analysisSteps(
  actors: GraphActorRow[],
  alliances: GraphAllianceRow[],
  asOf: Date,
  options: GraphAnalysisOptions,
): Generator<number, GraphAnalysis> {
  const graph = new MultiUndirectedGraph();
  const indexOf = new Map<string, number>();
  actors.forEach((actor, index) => {
    graph.addNode(actor.id);
    indexOf.set(actor.id, index);
  });
  const drawn: GraphAnalysis['alliances'] = [];
  const edges: GraphAnalysis['edges'] = { source: [], target: [], alliance: [] };
  for (const alliance of alliances) {
    if (!alliance.status || ['declined', 'withdrawn'].includes(alliance.status)) continue;
    const members = alliance.actor_ids.filter((id) => graph.hasNode(id));
    if (members.length < 2) continue;
    const allianceIndex = drawn.length;
    // Modes in the catalogue's order, whatever order they were chosen in.
    drawn.push({
      id: alliance.alliance_id,
      status: alliance.status,
      modes: ALLIANCE_MODES.filter((mode) => alliance.modes.includes(mode)),
    });
    for (let i = 0; i < members.length; i += 1) {
      for (let j = i + 1; j < members.length; j += 1) {
        const source = members[i] as string;
        const target = members[j] as string;
        graph.addEdge(source, target);
        edges.source.push(indexOf.get(source) as number);
        edges.target.push(indexOf.get(target) as number);
        edges.alliance.push(allianceIndex);
      }
    }
  }
  // Centrality and communities read the simple graph (one link per pair, however many alliances).
  const simple = new UndirectedGraph();
  graph.forEachNode((node) => simple.addNode(node));
  graph.forEachEdge((_edge, _attributes, source, target) => {
    if (!simple.hasEdge(source, target)) simple.addEdge(source, target);
  });
  yield 0.1;
  const steps = betweennessSteps(simple, {
    exactUpTo: options.exactUpTo ?? DEFAULT_EXACT_BETWEENNESS_UP_TO,
    ...(options.sources ? { sources: options.sources } : {}),
  });
  let step = steps.next();
  for (; !step.done; step = steps.next()) yield 0.1 + step.value * 0.5;
  const { values: betweenness, ...method } = step.value;
  yield 0.6;
  const components = connectedComponents(simple);
  const componentOf = new Map<string, number>();
  components.forEach((members, index) => members.forEach((node) => componentOf.set(node, index)));
  // Louvain puts each actor without links in a community of its own: those are no
  // communities. Linked actors' communities are numbered 0, 1, … in order of first
  // appearance; an actor without links has -1.
  const louvainOf: Record<string, number> =
    simple.size > 0 ? louvain(simple, { randomWalk: false, rng: seededRandom(1) }) : {};
  yield 0.7;
  const positions = options.layoutFrom
    ? layoutGraph(simple, options.layoutFrom, options.keepPositions ?? false, (node) => louvainOf[node] ?? -1)
    : new Map<string, Point>();
  yield 0.95;
  const renumbered = new Map<number, number>();
  const communityOf = (node: string): number => {
    const found = louvainOf[node];
    if (found === undefined || simple.degree(node) === 0) return -1;
    if (!renumbered.has(found)) renumbered.set(found, renumbered.size);
    return renumbered.get(found) as number;
  };
  return {
    asOf: asOf.toISOString(),
    betweenness: method,
    nodes: actors.map((actor) => ({
      id: actor.id,
      name: actor.name,
      category: actor.category,
      degree: simple.degree(actor.id),
      // Six significant digits: a métropole's values are small, and a sampled one is no more precise.
      betweenness: Number((betweenness.get(actor.id) ?? 0).toPrecision(6)),
      component: componentOf.get(actor.id) ?? 0,
      community: communityOf(actor.id),
      x: positions.get(actor.id)?.x ?? 0,
      y: positions.get(actor.id)?.y ?? 0,
    })),
    alliances: drawn,
    edges,
    components: components.length,
    communities: renumbered.size,
  };
}
