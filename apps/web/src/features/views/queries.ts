import { territoryKey } from '../../api/keys';

/** The views' query keys (dashboard, map, graph), rooted at the territory. */
export const viewKeys = {
  /** Every view: what a change to actors, actions, alliances or priorities makes stale. */
  all: (territoryId: string) => [...territoryKey(territoryId), 'views'] as const,
  dashboard: (territoryId: string, from: string | null, to: string | null) =>
    [...viewKeys.all(territoryId), 'dashboard', from, to] as const,
  map: (territoryId: string, filters: object) => [...viewKeys.all(territoryId), 'map', filters] as const,
  graph: (territoryId: string, asOf: string | null) => [...viewKeys.all(territoryId), 'graph', asOf] as const,
};
