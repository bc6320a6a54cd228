import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { territoryKey } from '../../api/keys';
import { useTerritory } from '../../app/territory';
import { actorKeys } from '../directory/queries';
import { viewKeys } from '../views/queries';

/**
 * The activity's query keys, rooted at the territory. One family per resource, lists and
 * single items together: invalidating `actionKeys.all(territoryId)` refreshes every list,
 * month and action at once.
 */
export const actionKeys = {
  all: (territoryId: string) => [...territoryKey(territoryId), 'actions'] as const,
  list: (territoryId: string, filters: object) => [...actionKeys.all(territoryId), 'list', filters] as const,
  month: (territoryId: string, from: string, filters: object) =>
    [...actionKeys.all(territoryId), 'month', from, filters] as const,
  detail: (territoryId: string, actionId: string) => [...actionKeys.all(territoryId), 'one', actionId] as const,
};

export const allianceKeys = {
  all: (territoryId: string) => [...territoryKey(territoryId), 'alliances'] as const,
  /** A kanban column. */
  column: (territoryId: string, filters: object) => [...allianceKeys.all(territoryId), 'column', filters] as const,
  /** The alliances an actor is a party to. */
  ofActor: (territoryId: string, actorId: string | null | undefined, purpose: string) =>
    [...allianceKeys.all(territoryId), 'of', actorId, purpose] as const,
  detail: (territoryId: string, allianceId: string) => [...allianceKeys.all(territoryId), 'one', allianceId] as const,
  evaluations: (territoryId: string, allianceId: string) =>
    [...allianceKeys.detail(territoryId, allianceId), 'evaluations'] as const,
};

export const priorityKeys = {
  all: (territoryId: string) => [...territoryKey(territoryId), 'priorities'] as const,
};

export function usePriorities() {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: priorityKeys.all(territoryId),
    queryFn: () => call(api.GET('/api/v1/territories/{territoryId}/priorities', { params: { path: { territoryId } } })),
  });
}

/**
 * After a change to alliances, actions or priorities: the directory's actors (lists, counts,
 * single actors and their timelines, all under `actorKeys.all`) and the views (dashboard, map,
 * graph: `viewKeys.all`) show stale figures; refresh them.
 */
export function invalidateEcosystem(queryClient: QueryClient, territoryId: string): void {
  void queryClient.invalidateQueries({ queryKey: actorKeys.all(territoryId) });
  void queryClient.invalidateQueries({ queryKey: viewKeys.all(territoryId) });
}

/** One actor, cached under the directory's own key (`actorKeys.detail`). */
export function useActor(actorId: string | null | undefined) {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: actorKeys.detail(territoryId, actorId ?? ''),
    enabled: Boolean(actorId),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/actors/{actorId}', {
          params: { path: { territoryId, actorId: actorId ?? '' } },
        }),
      ),
  });
}

export function useAlliance(allianceId: string) {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: allianceKeys.detail(territoryId, allianceId),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/alliances/{allianceId}', {
          params: { path: { territoryId, allianceId } },
        }),
      ),
  });
}

export function useAction(actionId: string) {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: actionKeys.detail(territoryId, actionId),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/actions/{actionId}', {
          params: { path: { territoryId, actionId } },
        }),
      ),
  });
}

/** The alliances of the organisation a support is for (its "resulting alliances" to pick from). */
export function useSupportedAlliances(actorId: string) {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: allianceKeys.ofActor(territoryId, actorId, 'support'),
    enabled: Boolean(actorId),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/alliances', {
          params: { path: { territoryId }, query: { actorId, limit: 100 } },
        }),
      ),
  });
}
