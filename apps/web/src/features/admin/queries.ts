import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, call, cursorPages, type Schemas } from '../../api/client';
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

const demoKey = ['admin', 'demo'] as const;

/** The demo territory, or `null` when there is none (404). */
export function useDemo() {
  return useQuery({
    queryKey: demoKey,
    queryFn: async () => {
      try {
        return await call(api.GET('/api/v1/admin/demo'));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}

/** Creates the demo territory, or resets it (`reset`); the demo and the territories refresh. */
export function useCreateDemo(callbacks?: MutationCallbacks<Schemas['CreatedDemoDto'], { reset: boolean }>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { reset: boolean }) => call(api.POST('/api/v1/admin/demo', { body })),
    ...afterSuccess(callbacks, () => {
      void queryClient.invalidateQueries({ queryKey: demoKey });
      void queryClient.invalidateQueries({ queryKey: adminKeys.territories });
    }),
  });
}

/** Deletes the demo territory and its accounts; the demo and the territories refresh. */
export function useDeleteDemo(callbacks?: MutationCallbacks<void>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await call(api.DELETE('/api/v1/admin/demo'));
    },
    ...afterSuccess(callbacks, () => {
      void queryClient.invalidateQueries({ queryKey: demoKey });
      void queryClient.invalidateQueries({ queryKey: adminKeys.territories });
    }),
  });
}
