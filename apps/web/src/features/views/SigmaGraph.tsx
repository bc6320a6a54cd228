import { MultiUndirectedGraph } from 'graphology';
import Sigma from 'sigma';
import { EdgeLineProgram } from 'sigma/rendering';
import type { EdgeDisplayData, NodeDisplayData } from 'sigma/types';
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { nodePositions, nodeSize, type ColourBy, type SizeBy } from './graph-layout';
import { CATEGORY_COLOURS, communityColour, STATUS_COLOURS } from './palette';
import type { GraphData, GraphNode } from './queries';

/** What the page shows: the actors and links left by its filters (1 at the API's index of each one shown). */
export interface ShownParts {
  nodes: Uint8Array;
  edges: Uint8Array;
  nodeCount: number;
  edgeCount: number;
}

/** The camera, driven by the page's buttons and search. */
export interface GraphCamera {
  focus(nodeId: string): void;
  zoomIn(): void;
  zoomOut(): void;
  reset(): void;
}

/**
 * Every display field sigma fills in is set from the start (`hidden`, `type`, `zIndex`…): its
 * per-item copies then keep one object shape instead of growing each one field by field, which
 * at 50,000 actors and 100,000 links was seconds of the first frame.
 */
interface NodeAttributes {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  hidden: boolean;
  highlighted: boolean;
  forceLabel: boolean;
  type: string;
  zIndex: number;
  /** The actor's index in the API's nodes. */
  index: number;
}
interface EdgeAttributes {
  size: number;
  color: string;
  label: string;
  hidden: boolean;
  forceLabel: boolean;
  type: string;
  zIndex: number;
  /** The link's index in the API's edge columns. */
  index: number;
}

/**
 * Above this many links, links are drawn as one-pixel lines (two vertices each, not a quad of two
 * triangles) and hidden while the camera moves: what a software-rendered or modest GPU draws fast.
 */
const MANY_EDGES = 20_000;

/** Actors away from the one hovered or selected: greyed. */
const FADED = '#d5d5d5';

function nodeColour(node: GraphNode, colourBy: ColourBy): string {
  return colourBy === 'community' ? communityColour(node.community) : CATEGORY_COLOURS[node.category];
}

function animation(): { duration: number } {
  const reduced =
    typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  return { duration: reduced ? 0 : 400 };
}

/**
 * The alliance graph drawn by sigma (WebGL) over a graphology graph built once per
 * answer: actors at the API's stored positions, labels placed by sigma's label grid
 * (the biggest actors first, never overlapping). Filters, the hovered and the selected
 * actor are applied by reducers (nothing is rebuilt); colours and sizes are updated in
 * place. The canvas is an image named by `label`, described by `describedBy` (the page
 * points to its tables, the text alternative).
 */
export function SigmaGraph({
  graph,
  colourBy,
  sizeBy,
  shown,
  selected,
  onSelect,
  label,
  describedBy,
  camera,
}: {
  graph: GraphData;
  colourBy: ColourBy;
  sizeBy: SizeBy;
  shown: ShownParts;
  selected: string | null;
  onSelect: (nodeId: string | null) => void;
  label: string;
  describedBy: string;
  camera: RefObject<GraphCamera | null>;
}): ReactNode {
  const { t } = useTranslation('views');
  const container = useRef<HTMLDivElement>(null);
  const renderer = useRef<Sigma<NodeAttributes, EdgeAttributes> | null>(null);
  const [failed, setFailed] = useState(false);
  // The reducers read the latest state through refs: changing them only refreshes the drawing.
  const state = useRef({ shown, selected, hovered: null as string | null, neighbours: new Set<string>() });
  state.current.shown = shown;
  state.current.selected = selected;
  const select = useRef(onSelect);
  select.current = onSelect;
  // What the drawing reflects: the effects below skip what the graph was just built with.
  const drawn = useRef({ graph, colourBy, sizeBy, shown, selected });

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const { colourBy: colours, sizeBy: sizes } = drawn.current;
    drawn.current = { ...drawn.current, graph, shown: state.current.shown, selected: state.current.selected };
    const data = new MultiUndirectedGraph<NodeAttributes, EdgeAttributes>();
    const positions = nodePositions(graph.nodes);
    const ids = graph.nodes.map((node) => node.id);
    graph.nodes.forEach((node, index) => {
      const position = positions.get(node.id) ?? { x: 0, y: 0 };
      data.addNode(node.id, {
        x: position.x,
        y: position.y,
        size: nodeSize(node, sizes),
        color: nodeColour(node, colours),
        label: node.name,
        hidden: false,
        highlighted: false,
        forceLabel: false,
        type: 'circle',
        zIndex: 0,
        index,
      });
    });
    const { source, target, alliance } = graph.edges;
    const statusColours = graph.alliances.map((entry) => STATUS_COLOURS[entry.status]);
    for (let index = 0; index < source.length; index += 1) {
      const from = ids[source[index]!];
      const to = ids[target[index]!];
      if (from === undefined || to === undefined) continue;
      // Keyed by its index: graphology's own keys would be generated for nothing.
      data.addEdgeWithKey(index, from, to, {
        size: 2,
        color: statusColours[alliance[index]!] ?? STATUS_COLOURS.proposed,
        label: '',
        hidden: false,
        forceLabel: false,
        type: 'line',
        zIndex: 0,
        index,
      });
    }

    const focusOf = (): string | null => state.current.hovered ?? state.current.selected;
    const nodeReducer = (node: string, attributes: NodeAttributes): Partial<NodeDisplayData> => {
      const { shown: visible, selected: chosen, neighbours } = state.current;
      if (!visible.nodes[attributes.index] && node !== chosen) return { ...attributes, hidden: true };
      const focus = focusOf();
      if (!focus) return attributes;
      if (node === focus || node === chosen) return { ...attributes, highlighted: true, forceLabel: true, zIndex: 2 };
      if (neighbours.has(node)) return { ...attributes, zIndex: 1 };
      return { ...attributes, color: FADED, label: null, zIndex: 0 };
    };
    const edgeReducer = (edge: string, attributes: EdgeAttributes): Partial<EdgeDisplayData> => {
      if (!state.current.shown.edges[attributes.index]) return { ...attributes, hidden: true };
      const focus = focusOf();
      if (!focus) return attributes;
      return data.hasExtremity(edge, focus) ? { ...attributes, size: 3, zIndex: 1 } : { ...attributes, hidden: true };
    };

    let sigma: Sigma<NodeAttributes, EdgeAttributes>;
    try {
      sigma = new Sigma(data, element, {
        allowInvalidContainer: true,
        zIndex: true,
        labelFont: 'system-ui, sans-serif',
        labelSize: 13,
        labelWeight: '500',
        labelColor: { color: '#161616' },
        // The label grid: per cell, the biggest actors' labels only, so that labels never overlap.
        labelGridCellSize: 120,
        labelDensity: 0.8,
        labelRenderedSizeThreshold: 5,
        stagePadding: 40,
        minCameraRatio: 0.01,
        maxCameraRatio: 4,
        hideEdgesOnMove: data.size > MANY_EDGES,
        ...(data.size > MANY_EDGES ? { edgeProgramClasses: { line: EdgeLineProgram } } : {}),
        nodeReducer,
        edgeReducer,
      });
    } catch {
      // No WebGL (an old browser, a locked-down machine): the tables below stay.
      setFailed(true);
      return;
    }
    setFailed(false);
    // For the benchmark and tests: sigma's constructor drew the first frame.
    element.dataset.nodes = String(data.order);
    element.dataset.edges = String(data.size);
    const neighboursOf = (node: string | null): Set<string> =>
      node && data.hasNode(node) ? new Set(data.neighbors(node)) : new Set();
    state.current.hovered = null;
    state.current.neighbours = neighboursOf(state.current.selected);
    sigma.on('enterNode', ({ node }) => {
      state.current.hovered = node;
      state.current.neighbours = neighboursOf(node);
      element.style.cursor = 'pointer';
      sigma.refresh({ skipIndexation: true });
    });
    sigma.on('leaveNode', () => {
      state.current.hovered = null;
      state.current.neighbours = neighboursOf(state.current.selected);
      element.style.cursor = '';
      sigma.refresh({ skipIndexation: true });
    });
    sigma.on('clickNode', ({ node }) => select.current(node));
    sigma.on('clickStage', () => select.current(null));
    renderer.current = sigma;
    camera.current = {
      focus(nodeId) {
        const point = sigma.getNodeDisplayData(nodeId);
        if (!point) return;
        const view = sigma.getCamera();
        void view.animate({ x: point.x, y: point.y, ratio: Math.min(view.ratio, 0.25) }, animation());
      },
      zoomIn: () => void sigma.getCamera().animatedZoom({ factor: 1.5, ...animation() }),
      zoomOut: () => void sigma.getCamera().animatedUnzoom({ factor: 1.5, ...animation() }),
      reset: () => void sigma.getCamera().animatedReset(animation()),
    };
    return () => {
      camera.current = null;
      renderer.current = null;
      delete element.dataset.nodes;
      delete element.dataset.edges;
      sigma.kill();
    };
  }, [graph, camera]);

  // Colours and sizes change in place: positions and camera stay.
  useEffect(() => {
    const sigma = renderer.current;
    const last = drawn.current;
    if (!sigma || (last.graph === graph && last.colourBy === colourBy && last.sizeBy === sizeBy)) return;
    drawn.current = { ...last, graph, colourBy, sizeBy };
    const byId = new Map(graph.nodes.map((node) => [node.id, node]));
    sigma.getGraph().updateEachNodeAttributes(
      (id, attributes) => {
        const node = byId.get(id);
        return node ? { ...attributes, size: nodeSize(node, sizeBy), color: nodeColour(node, colourBy) } : attributes;
      },
      { attributes: ['size', 'color'] },
    );
  }, [graph, colourBy, sizeBy]);

  // Filters and selection: the reducers hide and highlight, the graph is not rebuilt.
  useEffect(() => {
    const sigma = renderer.current;
    const last = drawn.current;
    if (!sigma || (last.graph === graph && last.shown === shown && last.selected === selected)) return;
    drawn.current = { ...last, graph, shown, selected };
    const focus = state.current.hovered ?? selected;
    state.current.neighbours =
      focus && sigma.getGraph().hasNode(focus) ? new Set(sigma.getGraph().neighbors(focus)) : new Set();
    sigma.refresh();
  }, [shown, selected, graph]);

  return (
    <>
      {failed ? (
        <p className="state state-error" role="alert">
          {t('graph.noWebgl')}
        </p>
      ) : null}
      <div
        ref={container}
        className="views-graph"
        role="img"
        aria-label={label}
        aria-describedby={describedBy}
        hidden={failed}
      />
    </>
  );
}
