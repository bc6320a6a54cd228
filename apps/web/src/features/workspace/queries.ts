import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, call, cursorPages, type Schemas } from '../../api/client';
import { territoryKey } from '../../api/keys';
import { useTerritory } from '../../app/territory';
import { actorKeys } from '../directory/queries';
import { isActive } from './reportCatalogue';

/** The workspace's query keys (members, invitations, reports, schedules, audit log), rooted at the territory. */
export const memberKeys = {
  all: (territoryId: string) => [...territoryKey(territoryId), 'members'] as const,
  list: (territoryId: string) => [...memberKeys.all(territoryId), 'list'] as const,
  /** Every page at once (the pickers). */
  complete: (territoryId: string) => [...memberKeys.all(territoryId), 'all'] as const,
};

export const invitationKeys = {
  all: (territoryId: string) => [...territoryKey(territoryId), 'invitations'] as const,
};

export const reportKeys = {
  all: (territoryId: string) => [...territoryKey(territoryId), 'reports'] as const,
  list: (territoryId: string) => [...reportKeys.all(territoryId), 'list'] as const,
  detail: (territoryId: string, reportId: string) => [...reportKeys.all(territoryId), 'one', reportId] as const,
};

export const scheduleKeys = {
  all: (territoryId: string) => [...territoryKey(territoryId), 'report-schedules'] as const,
};

export const auditKeys = {
  all: (territoryId: string) => [...territoryKey(territoryId), 'audit-log'] as const,
  list: (territoryId: string, query: object) => [...auditKeys.all(territoryId), 'list', query] as const,
  entry: (territoryId: string, query: object) => [...auditKeys.all(territoryId), 'entry', query] as const,
};

/** The name of an actor, by its id (cached a minute: the same actor is asked once). */
export function useActorName(actorId: string | null): { name: string | undefined; missing: boolean } {
  const { territoryId } = useTerritory();
  const actor = useQuery({
    queryKey: actorKeys.detail(territoryId, actorId ?? ''),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/actors/{actorId}', {
          params: { path: { territoryId, actorId: actorId as string } },
        }),
      ),
    enabled: Boolean(actorId),
    staleTime: 60_000,
  });
  return { name: actor.data?.name, missing: actor.isError };
}

/** The territory's members, a hundred a page. */
export function useMemberList() {
  const { territoryId } = useTerritory();
  return useInfiniteQuery({
    queryKey: memberKeys.list(territoryId),
    ...cursorPages((page) =>
      call(
        api.GET('/api/v1/territories/{territoryId}/members', {
          params: { path: { territoryId }, query: { limit: 100, ...page } },
        }),
      ),
    ),
  });
}

/** The invitations sent, fifty a page. */
export function useInvitations() {
  const { territoryId } = useTerritory();
  return useInfiniteQuery({
    queryKey: invitationKeys.all(territoryId),
    ...cursorPages((page) =>
      call(
        api.GET('/api/v1/territories/{territoryId}/invitations', {
          params: { path: { territoryId }, query: { limit: 50, ...page } },
        }),
      ),
    ),
  });
}

/** The reports ordered, twenty a page. */
export function useReports() {
  const { territoryId } = useTerritory();
  return useInfiniteQuery({
    queryKey: reportKeys.list(territoryId),
    ...cursorPages((page) =>
      call(
        api.GET('/api/v1/territories/{territoryId}/reports', {
          params: { path: { territoryId }, query: { limit: 20, ...page } },
        }),
      ),
    ),
  });
}

/** One report, asked again every second while it is queued or running (the list's copy to start with). */
export function useLiveReport(report: Schemas['ReportDto']) {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: reportKeys.detail(territoryId, report.id),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/reports/{reportId}', {
          params: { path: { territoryId, reportId: report.id } },
        }),
      ),
    enabled: isActive(report.status),
    initialData: report,
    staleTime: 0,
    refetchInterval: (query) =>
      query.state.status !== 'error' && query.state.data && isActive(query.state.data.status) ? 1000 : false,
  });
}

/** The report schedules. */
export function useSchedules() {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: scheduleKeys.all(territoryId),
    queryFn: () =>
      call(api.GET('/api/v1/territories/{territoryId}/report-schedules', { params: { path: { territoryId } } })),
  });
}

/** The audit log's entries matching `query` (author, entity, period), fifty a page. */
export function useAuditLog(query: { actorId?: string; entity?: string; from?: string; to?: string }) {
  const { territoryId } = useTerritory();
  return useInfiniteQuery({
    queryKey: auditKeys.list(territoryId, query),
    ...cursorPages((page) =>
      call(
        api.GET('/api/v1/territories/{territoryId}/audit-log', {
          params: {
            path: { territoryId },
            query: { ...query, limit: 50, ...page },
          },
        }),
      ),
    ),
  });
}

/** Who made the last change to the observatory sharing: the author of the latest matching audit entry. */
export function useSharingChangedBy(sharing: Schemas['SharingViewDto']): string | undefined {
  const { territoryId } = useTerritory();
  const entry = useQuery({
    queryKey: auditKeys.entry(territoryId, {
      entity: 'observatory_sharing',
      actorId: sharing.changedBy,
      at: sharing.changedAt,
    }),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/audit-log', {
          params: {
            path: { territoryId },
            query: { entity: 'observatory_sharing', actorId: sharing.changedBy as string, limit: 1 },
          },
        }),
      ),
    enabled: Boolean(sharing.changedBy),
  });
  return entry.data?.items[0]?.actorName ?? undefined;
}

/** The organisations' requests the coordination reviews, and the join link. */
export const requestKeys = {
  all: (territoryId: string) => [...territoryKey(territoryId), 'requests'] as const,
  list: (territoryId: string, kind: 'link' | 'join' | 'profile') => [...requestKeys.all(territoryId), kind] as const,
  joinLink: (territoryId: string) => [...requestKeys.all(territoryId), 'join-link'] as const,
};

/** Whether the territory's join link is open. */
export function useJoinLink() {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: requestKeys.joinLink(territoryId),
    queryFn: () => call(api.GET('/api/v1/territories/{territoryId}/join-link', { params: { path: { territoryId } } })),
  });
}

/** Pending link requests, join requests and profile changes: the coordination's queue. */
export function usePendingRequests() {
  const { territoryId } = useTerritory();
  const query = { limit: 100, status: 'pending' as const };
  const link = useQuery({
    queryKey: requestKeys.list(territoryId, 'link'),
    queryFn: () =>
      call(api.GET('/api/v1/territories/{territoryId}/link-requests', { params: { path: { territoryId }, query } })),
  });
  const join = useQuery({
    queryKey: requestKeys.list(territoryId, 'join'),
    queryFn: () =>
      call(api.GET('/api/v1/territories/{territoryId}/join-requests', { params: { path: { territoryId }, query } })),
  });
  const profile = useQuery({
    queryKey: requestKeys.list(territoryId, 'profile'),
    queryFn: () =>
      call(api.GET('/api/v1/territories/{territoryId}/profile-changes', { params: { path: { territoryId }, query } })),
  });
  return { link, join, profile };
}
