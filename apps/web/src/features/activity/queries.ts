import { useInfiniteQuery, useQuery, type QueryClient } from '@tanstack/react-query';
import { api, call, cursorPages, type Schemas } from '../../api/client';
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

/** The actions matching the list's filters (the empty ones left out), 25 a page. */
export function useActionList(filters: Record<string, string | undefined>) {
  const { territoryId } = useTerritory();
  return useInfiniteQuery({
    queryKey: actionKeys.list(territoryId, filters),
    ...cursorPages((page) =>
      call(
        api.GET('/api/v1/territories/{territoryId}/actions', {
          params: {
            path: { territoryId },
            query: {
              limit: 25,
              ...Object.fromEntries(Object.entries(filters).filter(([, value]) => value)),
              ...page,
            },
          },
        }),
      ),
    ),
  });
}

/** Every action between `from` and `to` (a month of the calendar), oldest first. */
export function useActionMonth(
  from: string,
  to: string,
  filters: { type?: Schemas['ActionType']; actorId?: string; priorityId?: string },
) {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: actionKeys.month(territoryId, from, {
      type: filters.type,
      actorId: filters.actorId,
      priorityId: filters.priorityId,
    }),
    queryFn: async () => {
      const all: Schemas['ActionViewDto'][] = [];
      let cursor: string | undefined;
      do {
        const page = await call(
          api.GET('/api/v1/territories/{territoryId}/actions', {
            params: {
              path: { territoryId },
              query: {
                limit: 100,
                from,
                to,
                ...(filters.type ? { type: filters.type } : {}),
                ...(filters.actorId ? { actorId: filters.actorId } : {}),
                ...(filters.priorityId ? { priorityId: filters.priorityId } : {}),
                ...(cursor ? { cursor } : {}),
              },
            },
          }),
        );
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return all.reverse();
    },
  });
}

/** One column of the alliances' kanban: one status, optionally one mode or one actor, 20 a page. */
export function useAllianceColumn(filters: {
  status: Schemas['AllianceStatus'];
  mode?: Schemas['AllianceMode'];
  actorId?: string;
}) {
  const { territoryId } = useTerritory();
  const { status, mode, actorId } = filters;
  return useInfiniteQuery({
    queryKey: allianceKeys.column(territoryId, { status, mode, actorId }),
    ...cursorPages((page) =>
      call(
        api.GET('/api/v1/territories/{territoryId}/alliances', {
          params: {
            path: { territoryId },
            query: {
              status,
              limit: 20,
              ...(mode ? { mode } : {}),
              ...(actorId ? { actorId } : {}),
              ...page,
            },
          },
        }),
      ),
    ),
  });
}

/** The alliances an actor is a party to (its page in the directory), 20 a page. */
export function useActorAlliances(actorId: string) {
  const { territoryId } = useTerritory();
  return useInfiniteQuery({
    queryKey: allianceKeys.ofActor(territoryId, actorId, 'actor'),
    ...cursorPages((page) =>
      call(
        api.GET('/api/v1/territories/{territoryId}/alliances', {
          params: {
            path: { territoryId },
            query: { actorId, limit: 20, ...page },
          },
        }),
      ),
    ),
  });
}

/**
 * A member's alliances (their home): the API lists only their organisation's, so no filter is
 * sent; their organisation keys the cache (nothing is asked before they have one).
 */
export function useMemberAlliances() {
  const { territoryId, actorId } = useTerritory();
  return useInfiniteQuery({
    queryKey: allianceKeys.ofActor(territoryId, actorId, 'mine'),
    enabled: Boolean(actorId),
    ...cursorPages((page) =>
      call(
        api.GET('/api/v1/territories/{territoryId}/alliances', {
          params: { path: { territoryId }, query: { limit: 100, ...page } },
        }),
      ),
    ),
  });
}

/** An alliance's evaluations, period by period. */
export function useEvaluations(allianceId: string) {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: allianceKeys.evaluations(territoryId, allianceId),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/alliances/{allianceId}/evaluations', {
          params: { path: { territoryId, allianceId } },
        }),
      ),
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

/** The member's own organisation part: its profile and requests. */
export const organisationKeys = {
  all: (territoryId: string) => [...territoryKey(territoryId), 'my-organisation'] as const,
  profile: (territoryId: string) => [...organisationKeys.all(territoryId), 'profile'] as const,
  linkRequests: (territoryId: string) => [...organisationKeys.all(territoryId), 'link-requests'] as const,
};

/** The organisation the member acts for, with its changes awaiting the coordination. */
export function useMyOrganisation() {
  const { territoryId, actorId } = useTerritory();
  return useQuery({
    queryKey: organisationKeys.profile(territoryId),
    enabled: Boolean(actorId),
    queryFn: () =>
      call(api.GET('/api/v1/territories/{territoryId}/my-organisation', { params: { path: { territoryId } } })),
  });
}

/** The member's own link requests (newest first). */
export function useMyLinkRequests() {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: organisationKeys.linkRequests(territoryId),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/link-requests', {
          params: { path: { territoryId }, query: { limit: 5 } },
        }),
      ),
  });
}
