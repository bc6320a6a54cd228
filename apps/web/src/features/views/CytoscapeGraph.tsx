import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { useEffect, useRef, type ReactNode } from 'react';
import type { Schemas } from '../../api/client';
import { CATEGORY_COLOURS, communityColour, MODE_COLOURS } from './palette';

type Graph = Schemas['GraphDto'];
export type SizeBy = 'degree' | 'betweenness';

/** How an alliance's status draws its link: settled (solid), in progress (dashed), ended (dotted). */
export function lineStyle(status: Schemas['AllianceStatus']): 'solid' | 'dashed' | 'dotted' {
  if (status === 'active') return 'solid';
  if (status === 'ended') return 'dotted';
  return 'dashed';
}

function nodeSize(node: Graph['nodes'][number], sizeBy: SizeBy): number {
  return sizeBy === 'degree' ? 18 + 10 * Math.sqrt(node.degree) : 18 + 48 * Math.sqrt(node.betweenness);
}

/**
 * Above this many actors the force-directed layout (cose: every pair of nodes at
 * each of its up to 1,000 iterations) gives way to `communityPositions`. At
 * 5,000 actors cose did not finish in minutes (docs/benchmarks.md, "Web console").
 */
export const FORCE_LAYOUT_MAX_NODES = 500;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
/** Distance unit between neighbours on a community's spiral (nodes are 18 to about 60 px wide). */
const STEP = 26;

/**
 * Positions for large graphs in O(n log n): each community the API found
 * (Louvain) is a disc, its members on a sunflower spiral, the most connected at
 * its centre; the discs are packed in rows, largest first; actors in no
 * community (no link) come last, as one more disc.
 */
export function communityPositions(nodes: Graph['nodes']): Record<string, { x: number; y: number }> {
  const byCommunity = new Map<number, Graph['nodes']>();
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
  const positions: Record<string, { x: number; y: number }> = {};
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
      positions[node.id] = { x: centre.x + distance * Math.cos(angle), y: centre.y + distance * Math.sin(angle) };
    });
    x += size;
    rowHeight = Math.max(rowHeight, size);
  }
  return positions;
}

/**
 * The alliance graph drawn by cytoscape (a canvas: the container is an image
 * with a summary for assistive technologies; the page gives the tables).
 */
export function CytoscapeGraph({
  graph,
  colourBy,
  sizeBy,
  label,
  onSelect,
}: {
  graph: Graph;
  colourBy: 'category' | 'community';
  sizeBy: SizeBy;
  label: string;
  onSelect: (nodeId: string | null) => void;
}): ReactNode {
  const container = useRef<HTMLDivElement>(null);
  const instance = useRef<Core | null>(null);
  const select = useRef(onSelect);
  select.current = onSelect;

  useEffect(() => {
    if (!container.current) return;
    const large = graph.nodes.length > FORCE_LAYOUT_MAX_NODES;
    const elements: ElementDefinition[] = [
      ...graph.nodes.map((node) => ({
        data: {
          id: node.id,
          label: node.name,
          colour: CATEGORY_COLOURS[node.category],
          size: nodeSize(node, 'degree'),
        },
      })),
      ...graph.edges.map((edge) => ({
        data: {
          id: edge.id,
          source: edge.source,
          target: edge.target,
          colour: edge.modes[0] ? MODE_COLOURS[edge.modes[0]] : '#6a6a6a',
          line: lineStyle(edge.status),
        },
      })),
    ];
    const cy = cytoscape({
      container: container.current,
      elements,
      wheelSensitivity: 0.3,
      minZoom: large ? 0.02 : 0.2,
      maxZoom: 3,
      // Large graphs: a still image while panning or zooming, labels only once zoomed in enough to read them.
      ...(large ? { hideEdgesOnViewport: true, textureOnViewport: true, pixelRatio: 1 } : {}),
      style: [
        {
          selector: 'node',
          style: {
            'background-color': 'data(colour)',
            width: 'data(size)',
            height: 'data(size)',
            label: 'data(label)',
            'font-size': 11,
            color: '#161616',
            'text-valign': 'bottom',
            'text-margin-y': 4,
            'text-background-color': '#ffffff',
            'text-background-opacity': 0.8,
            'text-background-padding': '1px',
            'border-width': 1,
            'border-color': '#ffffff',
            ...(large ? { 'min-zoomed-font-size': 8 } : {}),
          },
        },
        {
          selector: 'node:selected',
          style: { 'border-width': 4, 'border-color': '#0a76f6' },
        },
        {
          selector: 'edge',
          style: {
            width: 3,
            'line-color': 'data(colour)',
            'line-style': 'data(line)' as never,
            'curve-style': 'bezier',
          },
        },
      ],
      layout:
        graph.nodes.length === 0
          ? { name: 'null' }
          : large
            ? { name: 'preset', positions: communityPositions(graph.nodes), fit: true, padding: 30 }
            : { name: 'cose', animate: false, randomize: true, nodeRepulsion: () => 8000, idealEdgeLength: () => 80 },
    });
    cy.on('tap', 'node', (event) => select.current(event.target.id() as string));
    cy.on('tap', (event) => {
      if (event.target === cy) select.current(null);
    });
    instance.current = cy;
    return () => {
      cy.destroy();
      instance.current = null;
    };
  }, [graph]);

  // Colours and sizes change in place: the layout stays where it is.
  useEffect(() => {
    const cy = instance.current;
    if (!cy) return;
    // One style pass for all of them, not one per node.
    cy.batch(() => {
      for (const node of graph.nodes) {
        cy.getElementById(node.id).data({
          colour: colourBy === 'community' ? communityColour(node.community) : CATEGORY_COLOURS[node.category],
          size: nodeSize(node, sizeBy),
        });
      }
    });
  }, [graph, colourBy, sizeBy]);

  return <div ref={container} className="views-graph" role="img" aria-label={label} />;
}
