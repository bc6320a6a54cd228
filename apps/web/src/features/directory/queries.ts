import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, call, cursorPages, type Schemas } from '../../api/client';
import { territoryKey } from '../../api/keys';
import { useTerritory } from '../../app/territory';
import { type readFilters } from './data';

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

/** The directory's list: the filters read from the URL, 50 actors a page. */
export function useActorList(filters: ReturnType<typeof readFilters>) {
  const { territoryId } = useTerritory();
  return useInfiniteQuery({
    queryKey: actorKeys.list(territoryId, filters),
    ...cursorPages((page) =>
      call(
        api.GET('/api/v1/territories/{territoryId}/actors', {
          params: {
            path: { territoryId },
            query: { ...filters, limit: 50, ...page },
          },
        }),
      ),
    ),
    placeholderData: keepPreviousData,
  });
}

/** The actors a merge could absorb: the first ten matching `q` (nothing asked while it is empty). */
export function useMergeCandidates(q: string) {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: actorKeys.list(territoryId, { q, limit: 10, purpose: 'merge' }),
    enabled: q.length > 0,
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/actors', {
          params: { path: { territoryId }, query: { q, limit: 10 } },
        }),
      ),
  });
}

/** The actors whose name matches `q` (a picker's suggestions: from two characters, eight at most). */
export function useActorSearch(q: string) {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: actorKeys.search(territoryId, q),
    enabled: q.length >= 2,
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/actors', {
          params: { path: { territoryId }, query: { q, limit: 8 } },
        }),
      ),
  });
}

/** An actor's history: its alliances and actions, newest first. */
export function useActorTimeline(actorId: string) {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: actorKeys.timeline(territoryId, actorId),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/actors/{actorId}/timeline', {
          params: { path: { territoryId, actorId } },
        }),
      ),
  });
}

/** The people to reach at an actor. */
export function useActorContacts(actorId: string) {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: actorKeys.contacts(territoryId, actorId),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/actors/{actorId}/contacts', {
          params: { path: { territoryId, actorId } },
        }),
      ),
  });
}

export function useActor(territoryId: string, actorId: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: actorKeys.detail(territoryId, actorId),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/actors/{actorId}', { params: { path: { territoryId, actorId } } }),
      ),
  });
}
