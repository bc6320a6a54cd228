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
      minZoom: 0.2,
      maxZoom: 3,
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
        graph.nodes.length > 0
          ? { name: 'cose', animate: false, randomize: true, nodeRepulsion: () => 8000, idealEdgeLength: () => 80 }
          : { name: 'null' },
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
    for (const node of graph.nodes) {
      cy.getElementById(node.id).data({
        colour: colourBy === 'community' ? communityColour(node.community) : CATEGORY_COLOURS[node.category],
        size: nodeSize(node, sizeBy),
      });
    }
  }, [graph, colourBy, sizeBy]);

  return <div ref={container} className="views-graph" role="img" aria-label={label} />;
}
