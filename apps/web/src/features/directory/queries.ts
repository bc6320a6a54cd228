import { useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';
import { territoryKey } from '../../api/keys';

/** The directory's query keys, rooted at the territory: invalidate a family by its prefix. */
export const actorKeys = {
  /** Every actor query: lists, searches, single actors, their contacts and timelines. */
  all: (territoryId: string) => [...territoryKey(territoryId), 'actors'] as const,
  list: (territoryId: string, filters: object) => [...actorKeys.all(territoryId), 'list', filters] as const,
  search: (territoryId: string, term: string) => [...actorKeys.all(territoryId), 'search', term] as const,
  detail: (territoryId: string, actorId: string) => [...actorKeys.all(territoryId), 'one', actorId] as const,
  contacts: (territoryId: string, actorId: string) => [...actorKeys.all(territoryId), 'contacts', actorId] as const,
  timeline: (territoryId: string, actorId: string) => [...actorKeys.all(territoryId), 'timeline', actorId] as const,
};

export const communeKeys = {
  all: (territoryId: string) => [...territoryKey(territoryId), 'communes'] as const,
  /** Every commune, sorted by name. */
  complete: (territoryId: string) => [...communeKeys.all(territoryId), 'all'] as const,
  /** The first page only (the map's commune list, for small territories). */
  firstPage: (territoryId: string) => [...communeKeys.all(territoryId), 'first'] as const,
};

/** The territory's communes (all pages: an EPCI has a few dozen, a région a few thousand at most). */
export function useCommunes(territoryId: string) {
  return useQuery({
    queryKey: communeKeys.complete(territoryId),
    staleTime: 10 * 60_000,
    queryFn: async () => {
      const all: Schemas['CommuneDto'][] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 50; page += 1) {
        const result = await call(
          api.GET('/api/v1/territories/{territoryId}/communes', {
            params: { path: { territoryId }, query: { limit: 100, ...(cursor ? { cursor } : {}) } },
          }),
        );
        all.push(...result.items);
        if (!result.nextCursor) break;
        cursor = result.nextCursor;
      }
      return all.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
    },
  });
}

export function useActor(territoryId: string, actorId: string) {
  return useQuery({
    queryKey: actorKeys.detail(territoryId, actorId),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/actors/{actorId}', { params: { path: { territoryId, actorId } } }),
      ),
  });
}
