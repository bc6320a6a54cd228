import type { GraphNode } from './queries';

export type SizeBy = 'degree' | 'betweenness';
export type ColourBy = 'category' | 'community';

/** A node's drawn radius in pixels (sigma's screen reference), by degree or by betweenness. */
export function nodeSize(node: GraphNode, sizeBy: SizeBy): number {
  return sizeBy === 'degree' ? 4 + 2 * Math.sqrt(node.degree) : 4 + 14 * Math.sqrt(node.betweenness);
}

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
/** Distance unit between neighbours on a community's spiral. */
const STEP = 10;

/**
 * Deterministic positions for actors the API gave none (an API without stored
 * layouts, or actors added since the layout was computed), in O(n log n): each
 * community (Louvain, from the API) is a disc, its members on a sunflower spiral,
 * the most connected at its centre; the discs are packed in rows, largest first;
 * actors in no community (no link) come last, as one more disc.
 */
export function communityPositions(nodes: GraphNode[]): Map<string, { x: number; y: number }> {
  const byCommunity = new Map<number, GraphNode[]>();
  for (const node of nodes) {
    const members = byCommunity.get(node.community);
    if (members) members.push(node);
    else byCommunity.set(node.community, [node]);
  }
  const discs = [...byCommunity.entries()]
    .sort(([a, first], [b, second]) => Number(a < 0) - Number(b < 0) || second.length - first.length || a - b)
    .map(([, members]) => ({
      members: [...members].sort((a, b) => b.degree - a.degree || a.id.localeCompare(b.id)),
      radius: STEP * (Math.sqrt(members.length) + 1.5),
    }));
  const area = discs.reduce((sum, disc) => sum + 4 * disc.radius * disc.radius, 0);
  const rowWidth = Math.max(Math.sqrt(area) * 1.3, 2 * (discs[0]?.radius ?? 0));
  const positions = new Map<string, { x: number; y: number }>();
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const disc of discs) {
    const size = 2 * disc.radius;
    if (x > 0 && x + size > rowWidth) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const centre = { x: x + disc.radius, y: y + disc.radius };
    disc.members.forEach((node, index) => {
      const distance = STEP * Math.sqrt(index);
      const angle = index * GOLDEN_ANGLE;
      positions.set(node.id, { x: centre.x + distance * Math.cos(angle), y: centre.y + distance * Math.sin(angle) });
    });
    x += size;
    rowHeight = Math.max(rowHeight, size);
  }
  return positions;
}

/**
 * Every actor's position: the API's stored one when it has one; the others packed by
 * community ({@link communityPositions}) to the right of the stored ones, scaled to them.
 */
export function nodePositions(nodes: GraphNode[]): Map<string, { x: number; y: number }> {
  const placed = new Map<string, { x: number; y: number }>();
  const missing: GraphNode[] = [];
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const node of nodes) {
    if (typeof node.x === 'number' && typeof node.y === 'number' && Number.isFinite(node.x + node.y)) {
      placed.set(node.id, { x: node.x, y: node.y });
      minX = Math.min(minX, node.x);
      maxX = Math.max(maxX, node.x);
      minY = Math.min(minY, node.y);
      maxY = Math.max(maxY, node.y);
    } else missing.push(node);
  }
  if (missing.length === 0) return placed;
  const packed = communityPositions(missing);
  if (placed.size === 0) return packed;
  // Scale the packing to the stored layout's height and put it beside it.
  let packedMaxX = 0;
  let packedMaxY = 0;
  for (const position of packed.values()) {
    packedMaxX = Math.max(packedMaxX, position.x);
    packedMaxY = Math.max(packedMaxY, position.y);
  }
  const height = Math.max(maxY - minY, 1);
  const scale = height / Math.max(packedMaxY, packedMaxX, 1);
  const gap = 0.1 * Math.max(maxX - minX, height);
  for (const [id, position] of packed) {
    placed.set(id, { x: maxX + gap + position.x * scale, y: minY + position.y * scale });
  }
  return placed;
}

/** Lower case without accents nor punctuation, for searching names ("Élan" matches "elan"). */
export { normaliseText as searchable } from '@maillage/contract';
