import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, cursorPages, type Schemas } from '../../api/client';
import { afterSuccess, type MutationCallbacks } from '../../api/mutations';

/** The platform administration's query keys (not a territory's). */
export const adminKeys = {
  territories: ['territories'] as const,
  observers: ['observers'] as const,
};

/** Every territory workspace, fifty a page. */
export function useTerritories() {
  return useInfiniteQuery({
    queryKey: adminKeys.territories,
    ...cursorPages((page) =>
      call(
        api.GET('/api/v1/territories', {
          params: { query: { limit: 50, ...page } },
        }),
      ),
    ),
  });
}

/** Opens a territory workspace; the territories refresh. */
export function useCreateTerritory(
  callbacks?: MutationCallbacks<Schemas['TerritoryDto'], Schemas['CreateTerritoryDto']>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateTerritoryDto']) => call(api.POST('/api/v1/territories', { body })),
    ...afterSuccess(callbacks, () => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.territories });
    }),
  });
}

/** The national bodies' accounts. */
export function useObservers() {
  return useQuery({ queryKey: adminKeys.observers, queryFn: () => call(api.GET('/api/v1/observers')) });
}

/** Creates a national body's account; the observers refresh. */
export function useCreateObserver(
  callbacks?: MutationCallbacks<Schemas['CreatedObserverDto'], Schemas['CreateObserverDto']>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateObserverDto']) => call(api.POST('/api/v1/observers', { body })),
    ...afterSuccess(callbacks, () => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.observers });
    }),
  });
}

/** Official areas found by name (the territory creation form), of one kind; nothing before two letters. */
export function usePlaceSearch(text: string, kind: Schemas['OfficialKind'] | undefined) {
  const q = text.trim();
  return useQuery({
    queryKey: ['geography', 'search', kind ?? 'all', q] as const,
    enabled: q.length >= 2,
    staleTime: Infinity,
    queryFn: () =>
      call(api.GET('/api/v1/geography/search', { params: { query: { q, limit: 10, ...(kind ? { kind } : {}) } } })),
  });
}
