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

/** The graph of who works with whom and its metrics, as of a date (`analyseGraph`). */
export interface GraphAnalysis {
  asOf: string;
  betweenness: GraphBetweennessMethod;
  nodes: {
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

/** The graph view: an analysis stored by the worker (or computed for a past date), and whether it is current. */
export interface GraphView extends GraphAnalysis {
  /** When these figures were computed. */
  computedAt: string;
  /** `stored`: the territory's background snapshot; `computed`: for this request (a past date). */
  source: 'stored' | 'computed';
  /** Actors or alliances changed since `computedAt`: a recomputation is queued. */
  stale: boolean;
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
