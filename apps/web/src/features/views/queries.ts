import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';
import type { operations } from '../../api/schema';
import { globalKeys, territoryKey } from '../../api/keys';
import { useTerritory } from '../../app/territory';
import { communeKeys } from '../directory/queries';

/** The views' query keys (dashboard, map, graph), rooted at the territory. */
export const viewKeys = {
  /** Every view: what a change to actors, actions, alliances or priorities makes stale. */
  all: (territoryId: string) => [...territoryKey(territoryId), 'views'] as const,
  dashboard: (territoryId: string, from: string | null, to: string | null) =>
    [...viewKeys.all(territoryId), 'dashboard', from, to] as const,
  mapClusters: (territoryId: string, filters: object, bbox: string, zoom: number) =>
    [...viewKeys.all(territoryId), 'map', filters, bbox, zoom] as const,
  graph: (territoryId: string, asOf: string | null) => [...viewKeys.all(territoryId), 'graph', asOf] as const,
  firstSteps: (territoryId: string) => [...viewKeys.all(territoryId), 'first-steps'] as const,
};

/** The « Premiers pas », ticked by the API from the territory's data; asked again at each visit. */
export function useFirstSteps() {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: viewKeys.firstSteps(territoryId),
    queryFn: () =>
      call(api.GET('/api/v1/territories/{territoryId}/first-steps', { params: { path: { territoryId } } })),
    staleTime: 0,
  });
}

/** The console's settings from the server (the map's tiles), asked once. */
export const clientConfigQuery = {
  queryKey: globalKeys.clientConfig,
  queryFn: () => call(api.GET('/api/v1/client-config')),
  staleTime: Infinity,
};

export function useClientConfig() {
  return useQuery(clientConfigQuery);
}

/** The dashboard's figures for a period (the API's default period when neither end is given). */
export function useDashboard(from: string | null, to: string | null) {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: viewKeys.dashboard(territoryId, from, to),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/dashboard', {
          params: {
            path: { territoryId },
            query: { ...(from ? { from } : {}), ...(to ? { to } : {}) },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** The first hundred communes (the map's commune list, for small territories: asked only when `enabled`). */
export function useFirstCommunes(enabled: boolean) {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: communeKeys.firstPage(territoryId),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/communes', {
          params: { path: { territoryId }, query: { limit: 100 } },
        }),
      ),
    enabled,
    staleTime: 10 * 60_000,
  });
}

/** The map's filters, under the API's names. */
export type MapFilters = NonNullable<operations['EcosystemViewsController_map']['parameters']['query']>;

/** A view of the map: its extent `west,south,east,north` (rounded) and its zoom. */
export interface MapViewport {
  bbox: string;
  zoom: number;
}

/**
 * The located actors matching the map's filters, grouped for a view: clusters and single actors. A new view
 * aborts the request of the previous one; its answer stays drawn until the new one comes.
 */
export function useMapClusters(filters: MapFilters, view: MapViewport, enabled = true) {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: viewKeys.mapClusters(territoryId, filters, view.bbox, view.zoom),
    queryFn: ({ signal }) =>
      call(
        api.GET('/api/v1/territories/{territoryId}/map/clusters', {
          params: { path: { territoryId }, query: { ...filters, bbox: view.bbox, zoom: view.zoom } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The graph's 200 answer: a consistent snapshot (figures, stored positions, when and how computed). */
export type GraphData = Schemas['GraphDto'];
/** An actor of the graph, at its stored layout position (`x`, `y`). */
export type GraphNode = GraphData['nodes'][number];
/** The graph's 202 answer: the figures are being computed (progress 0..1). */
export type GraphComputing = Schemas['GraphComputingDto'];

export function isComputing(answer: GraphData | GraphComputing | undefined): answer is GraphComputing {
  return answer !== undefined && 'status' in answer && answer.status === 'computing';
}

/** While the API computes the figures (202), asked again this often. */
const COMPUTING_POLL_MS = 1500;
/**
 * While the stored figures are stale (a recomputation is queued), asked again after a time
 * that grows with the graph (its answer's size, its recomputation's length): 2 s plus 1 ms an
 * actor, at most 30 s.
 */
function stalePoll(graph: GraphData): number {
  return Math.min(30_000, 2_000 + graph.nodes.length);
}

/** The graph's request today (`null`) or at the end of a past day (also what the page's preload starts). */
export function graphQuery(territoryId: string, asOf: { day: string; end: string } | null) {
  return {
    queryKey: viewKeys.graph(territoryId, asOf?.day ?? null),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/graph', {
          params: { path: { territoryId }, query: asOf ? { asOf: asOf.end } : {} },
        }),
      ),
  };
}

/**
 * The alliances' graph today (`null`), or as it stood at the end of a past day: a 202
 * (being computed) is polled until the figures are ready.
 */
export function useGraph(asOf: { day: string; end: string } | null) {
  const { territoryId } = useTerritory();
  return useQuery({
    ...graphQuery(territoryId, asOf),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => {
      const data = query.state.data;
      if (query.state.status === 'error' || !data) return false;
      if (isComputing(data)) return COMPUTING_POLL_MS;
      return data.stale ? stalePoll(data) : false;
    },
  });
}

/** The latest geocoding runs (coordinators), polled while one is going; the map refreshes when it ends. */
export function useGeocodingRuns(enabled: boolean) {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: [...viewKeys.all(territoryId), 'geocoding'] as const,
    queryFn: () =>
      call(api.GET('/api/v1/territories/{territoryId}/geocoding', { params: { path: { territoryId }, query: {} } })),
    enabled,
    refetchInterval: (query) =>
      query.state.status !== 'error' && query.state.data?.items[0]?.status === 'running' ? 1000 : false,
  });
}
