import type { LocationPrecision } from '../geocoding/ban-geocoder.js';
import type { ActorCategory, AllianceMode, AllianceStatus } from '../ecosystem.types.js';

export interface MapFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  /** `allianceCount` is null when the caller may not know it (see seesAllianceCount). */
  properties: {
    id: string;
    name: string;
    category: ActorCategory;
    allianceCount: number | null;
    external: boolean;
    /** How precise the position is; `commune`: the commune's position, approximate. */
    precision: LocationPrecision | null;
    approximate: boolean;
  };
}

/** A commune of the territory where actors are placed, at their mean position (commune placements first). */
export interface MapCommune {
  code: string;
  name: string;
  latitude: number;
  longitude: number;
}

export interface MapView {
  type: 'FeatureCollection';
  /** The territory's known extent [west, south, east, north]: its placed actors and communes; null if none. */
  bbox: [number, number, number, number] | null;
  features: MapFeature[];
  communes: MapCommune[];
}

/** A group of actors drawn as one bubble at the zoom asked. */
export interface MapCluster {
  /** Supercluster's id for the cluster at this zoom (for the console's keys). */
  id: number;
  longitude: number;
  latitude: number;
  count: number;
  /** The zoom at which the cluster splits (zooming there shows its parts). */
  expansionZoom: number;
  /** Its actors per category (categories with none left out). */
  categories: Partial<Record<ActorCategory, number>>;
}

/** The filtered located actors grouped for a viewport (GET …/map/clusters). */
export interface MapClusters {
  /** Filtered located actors in the whole territory. */
  total: number;
  /** Filtered actors with no position, on no map until placed (by hand or the geocoder). */
  unlocated: number;
  /** Actors drawn in the view: the clusters' counts plus the single actors. */
  inView: number;
  zoom: number;
  bbox: [number, number, number, number];
  /** The filtered actors' extent inside the territory (external ones left out), null if none: the first view. */
  extent: [number, number, number, number] | null;
  /** The territory's communes where actors are placed (as /map's), those in the view. */
  communes: MapCommune[];
  clusters: MapCluster[];
  /** Single actors, as /map's features. */
  features: MapFeature[];
}

/** How betweenness was computed (see `betweenness`): exact, or estimated from sampled sources. */
export interface GraphBetweennessMethod {
  method: 'exact' | 'sampled';
  linkedActors: number;
  sources: number;
  /** Stated absolute error bound on each normalised value (0 when exact). */
  error: number;
  /** Probability that the bound holds for a given actor (1 when exact). */
  confidence: number;
}

/** An actor of the graph: its metrics and layout position. */
export interface GraphNode {
  id: string;
  name: string;
  category: ActorCategory;
  degree: number;
  betweenness: number;
  component: number;
  community: number;
  /** Layout position (arbitrary units), stable between computations. */
  x: number;
  y: number;
}

/** An alliance of the graph, once however many links it makes. */
export interface GraphAlliance {
  id: string;
  status: AllianceStatus;
  /** In the catalogue's order. */
  modes: AllianceMode[];
}

/**
 * The graph's links as columns (no repeated identifiers): an alliance of n actors links each
 * pair of them: link `i` joins the nodes at indexes `source[i]` and `target[i]` and belongs to
 * the alliance at index `alliance[i]`.
 */
export interface GraphEdges {
  source: number[];
  target: number[];
  alliance: number[];
}

/** The graph of who works with whom and its metrics, as of a date (`analyseGraph`). */
export interface GraphAnalysis {
  asOf: string;
  betweenness: GraphBetweennessMethod;
  /** The actors, in a stable order: a link refers to an actor by its index here. */
  nodes: GraphNode[];
  /** The alliances drawn, each once (those with at least two actors of the graph), referred to by `edges.alliance`. */
  alliances: GraphAlliance[];
  /** The links, as columns of the same length: link `i` joins `nodes[source[i]]` and `nodes[target[i]]`. */
  edges: GraphEdges;
  components: number;
  communities: number;
}

/** The graph view: an analysis stored by the worker (or computed for a past date), and whether it is current. */
export interface GraphView extends GraphAnalysis {
  /** When these figures were computed. */
  computedAt: string;
  /** `stored`: the territory's background snapshot; `computed`: for this request (a past date). */
  source: 'stored' | 'computed';
  /** Actors or alliances changed since `computedAt`: a recomputation is queued. */
  stale: boolean;
}

/** A stored graph view as JSON text, `GraphView`'s shape, sent as it is (a large territory's is tens of megabytes). */
export interface GraphJson {
  json: string;
}

/** The current stored graph's answer as kept, gzip-compressed (`GraphJson`'s text, not stale). */
export interface GraphGzip {
  gzip: Buffer;
}

/** The answer while the worker computes a graph (HTTP 202). */
export interface GraphComputing {
  status: 'computing';
  asOf: string | null;
  /** 0 to 1. */
  progress: number;
  startedAt: string | null;
}

export interface TimelineEntry {
  date: string;
  kind: 'action' | 'alliance' | 'profile';
  id: string;
  /** The action's or alliance's title ('' for the profile). */
  title: string;
  /** The action's type, the alliance's status, or the profile's move: edited, requested, accepted, refused. */
  type: string;
  /** The actor's role in the action or alliance ('' for the profile). */
  role: string;
  /** The profile's moves: who made it (null when unknown, and for actions and alliances). */
  by: string | null;
  /** The profile's moves: the fields changed or asked for. */
  fields: string[];
  /** A refused change: the coordination's reason. */
  reason: string | null;
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

/** The « Premiers pas » of a new workspace, in the order a coordinator takes them. */
export const FIRST_STEPS = ['actors', 'priorities', 'organisations', 'actions', 'observatory'] as const;
export type FirstStepKey = (typeof FIRST_STEPS)[number];

export interface FirstStep {
  key: FirstStepKey;
  done: boolean;
  /** Actors, priorities, invited or joined organisation members, actions; 1 when the observatory sharing is on. */
  count: number;
}

export interface FirstSteps {
  steps: FirstStep[];
  /** Steps not done yet (0: the checklist is complete). */
  remaining: number;
}
