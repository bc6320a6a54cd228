import { createRequire } from 'node:module';
import { UndirectedGraph } from 'graphology';
import type ForceAtlas2 from 'graphology-layout-forceatlas2';
import { seededRandom } from './betweenness.js';

// A CommonJS module whose typings declare an ES default export.
const require = createRequire(import.meta.url);
const forceAtlas2 = require('graphology-layout-forceatlas2') as typeof ForceAtlas2.default;

export interface Point {
  x: number;
  y: number;
}

/** Above this many linked actors, ForceAtlas2 approximates repulsion with a Barnes–Hut quadtree. */
const BARNES_HUT_FROM = 1_000;
/** Distance between neighbouring actors in the start positions. */
const SPACING = 10;
/** The angle of Vogel's sunflower spiral (the golden angle), for actors without links. */
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/** A number in [0, 1) from a string, the same every time (FNV-1a). */
function hashUnit(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return seededRandom(hash)();
}

/**
 * ForceAtlas2 iterations, on a budget of node-iterations so the time stays bounded whatever the
 * size (bench/graph-metrics.mjs measures it): a small graph gets up to 100, a métropole none
 * (its start, the community packing, is already readable); fewer when most actors keep their
 * previous position (the layout only has to settle the change).
 */
function iterationsFor(linked: number, placedShare: number): number {
  const budget = placedShare > 0.9 ? 10_000 : 40_000;
  return Math.min(100, Math.floor(budget / Math.max(1, linked)));
}

/**
 * Start positions by community (the console's packing): each community a disc of area
 * proportional to its size, hubs at its centre, the discs along a sunflower spiral, largest first.
 */
function communityPacking(
  simple: UndirectedGraph,
  linked: string[],
  communityOf: (id: string) => number,
): Map<string, Point> {
  const groups = new Map<number, string[]>();
  for (const id of linked) {
    const community = communityOf(id);
    const members = groups.get(community);
    if (members) members.push(id);
    else groups.set(community, [id]);
  }
  const ordered = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
  const positions = new Map<string, Point>();
  let area = 0;
  ordered.forEach(([, members], i) => {
    const radius = SPACING * Math.sqrt(area + members.length / 2) * 1.3;
    area += members.length;
    const cx = i === 0 ? 0 : radius * Math.cos(i * GOLDEN_ANGLE);
    const cy = i === 0 ? 0 : radius * Math.sin(i * GOLDEN_ANGLE);
    members
      .sort((a, b) => simple.degree(b) - simple.degree(a) || (a < b ? -1 : 1))
      .forEach((id, j) => {
        const r = SPACING * 0.9 * Math.sqrt(j);
        positions.set(id, { x: cx + r * Math.cos(j * GOLDEN_ANGLE), y: cy + r * Math.sin(j * GOLDEN_ANGLE) });
      });
  });
  return positions;
}

/**
 * Positions of the actors, deterministic for a given graph and previous layout:
 * linked actors by ForceAtlas2 (Barnes–Hut on large graphs) on an iteration budget, started from
 * their previous positions so a small change moves little (a new actor starts near its placed
 * neighbours, else at a spot derived from its id), or on a first layout from the community
 * packing; actors without links on a sunflower spiral around the linked ones, in id order (no
 * ForceAtlas2 iterations for them).
 */
export function layoutGraph(
  simple: UndirectedGraph,
  previous: ReadonlyMap<string, Point>,
  /** Leave the actors of `previous` where they were: no ForceAtlas2, only the new ones placed. */
  keepPositions = false,
  /** Each linked actor's community, for the start positions of a first layout. */
  communityOf: (id: string) => number = () => 0,
): Map<string, Point> {
  const ids = simple.nodes().sort();
  const linked = ids.filter((id) => simple.degree(id) > 0);
  const alone = ids.filter((id) => simple.degree(id) === 0);
  const positions = new Map<string, Point>();
  const spread = Math.sqrt(Math.max(1, linked.length)) * SPACING;

  if (linked.length > 0) {
    const graph = new UndirectedGraph();
    let placed = 0;
    for (const id of linked) {
      const before = previous.get(id);
      if (before) placed += 1;
      graph.addNode(id, before ? { x: before.x, y: before.y } : {});
    }
    simple.forEachEdge((_edge, _attributes, source, target) => {
      if (graph.hasNode(source) && graph.hasNode(target)) graph.addEdge(source, target);
    });
    // A first layout (or mostly new actors): start from the community packing.
    const packing = placed < linked.length / 2 ? communityPacking(simple, linked, communityOf) : null;
    for (const id of linked) {
      const attributes = graph.getNodeAttributes(id);
      if (typeof attributes.x === 'number') continue;
      const packed = packing?.get(id);
      if (packed) {
        graph.mergeNodeAttributes(id, packed);
        continue;
      }
      // A new actor: beside its neighbours already placed, else at its own spot.
      const near = graph.neighbors(id).flatMap((neighbour) => {
        const before = previous.get(neighbour);
        return before ? [before] : [];
      });
      const angle = hashUnit(id) * 2 * Math.PI;
      if (near.length > 0) {
        const x = near.reduce((sum, point) => sum + point.x, 0) / near.length;
        const y = near.reduce((sum, point) => sum + point.y, 0) / near.length;
        graph.mergeNodeAttributes(id, { x: x + Math.cos(angle), y: y + Math.sin(angle) });
      } else {
        const radius = spread * Math.sqrt(hashUnit(`${id}:r`));
        graph.mergeNodeAttributes(id, { x: radius * Math.cos(angle), y: radius * Math.sin(angle) });
      }
    }
    const settings = {
      ...forceAtlas2.inferSettings(graph),
      barnesHutOptimize: linked.length > BARNES_HUT_FROM,
    };
    const iterations = keepPositions ? 0 : iterationsFor(linked.length, placed / linked.length);
    const layout: Record<string, Point> =
      iterations === 0
        ? Object.fromEntries(graph.mapNodes((id, attributes) => [id, attributes as Point]))
        : forceAtlas2(graph, { iterations, settings, getEdgeWeight: null });
    for (const id of linked) {
      const point = layout[id] as Point;
      positions.set(id, { x: round(point.x), y: round(point.y) });
    }
  }

  // Actors without links: around the linked ones, each at its slot of the spiral.
  let cx = 0;
  let cy = 0;
  for (const point of positions.values()) {
    cx += point.x;
    cy += point.y;
  }
  if (positions.size > 0) {
    cx /= positions.size;
    cy /= positions.size;
  }
  let radius = 0;
  for (const point of positions.values()) radius = Math.max(radius, Math.hypot(point.x - cx, point.y - cy));
  const start = positions.size > 0 ? radius * 1.15 + 10 : 0;
  const step = positions.size > 0 ? Math.max(4, radius / Math.max(10, Math.sqrt(alone.length) * 4)) : 10;
  alone.forEach((id, i) => {
    const r = start + step * Math.sqrt(i + 1);
    positions.set(id, { x: round(cx + r * Math.cos(i * GOLDEN_ANGLE)), y: round(cy + r * Math.sin(i * GOLDEN_ANGLE)) });
  });
  return positions;
}

function round(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 100) / 100 : 0;
}
