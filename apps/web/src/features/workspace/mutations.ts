import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';
import { globalKeys } from '../../api/keys';
import { afterSuccess, type MutationCallbacks } from '../../api/mutations';
import { useTerritory } from '../../app/territory';
import { useAuth } from '../../auth/auth';
import { observatoryKeys } from '../observatory/queries';
import { auditKeys, invitationKeys, memberKeys, reportKeys, requestKeys, scheduleKeys } from './queries';

type Member = Schemas['MemberDto'];
type Report = Schemas['ReportDto'];

/**
 * After a change to a member: the members refresh, and the signed-in person's own access
 * (the shell) when the member was them.
 */
function useMemberChanged(): (member: Member) => void {
  const { territoryId } = useTerritory();
  const { me } = useAuth();
  const queryClient = useQueryClient();
  return (member) => {
    void queryClient.invalidateQueries({ queryKey: memberKeys.all(territoryId) });
    if (member.userId === me?.user.id) void queryClient.invalidateQueries({ queryKey: globalKeys.me });
  };
}

/** Changes a member's role or organisation. */
export function useUpdateMember(userId: string, callbacks?: MutationCallbacks<Member, Schemas['UpdateMemberDto']>) {
  const { territoryId } = useTerritory();
  const changed = useMemberChanged();
  return useMutation({
    mutationFn: (body: Schemas['UpdateMemberDto']) =>
      call(
        api.PATCH('/api/v1/territories/{territoryId}/members/{userId}', {
          params: { path: { territoryId, userId } },
          body,
        }),
      ),
    ...afterSuccess(callbacks, changed),
  });
}

/** Removes a member from the territory (removing oneself ends one's own access). */
export function useRemoveMember(callbacks?: MutationCallbacks<unknown, Member>) {
  const { territoryId } = useTerritory();
  const changed = useMemberChanged();
  return useMutation({
    mutationFn: (member: Member) =>
      call(
        api.DELETE('/api/v1/territories/{territoryId}/members/{userId}', {
          params: { path: { territoryId, userId: member.userId } },
        }),
      ),
    ...afterSuccess(callbacks, (_, member) => changed(member)),
  });
}

/** Invites someone by email; the invitations refresh. */
export function useInvite(callbacks?: MutationCallbacks<Schemas['IssuedInvitationDto'], Schemas['InviteDto']>) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['InviteDto']) =>
      call(api.POST('/api/v1/territories/{territoryId}/invitations', { params: { path: { territoryId } }, body })),
    ...afterSuccess(callbacks, () => {
      void queryClient.invalidateQueries({ queryKey: invitationKeys.all(territoryId) });
    }),
  });
}

/** Revokes an invitation; the invitations refresh. */
export function useRevokeInvitation(callbacks?: MutationCallbacks<unknown, Schemas['InvitationDto']>) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitation: Schemas['InvitationDto']) =>
      call(
        api.DELETE('/api/v1/territories/{territoryId}/invitations/{invitationId}', {
          params: { path: { territoryId, invitationId: invitation.id } },
        }),
      ),
    ...afterSuccess(callbacks, () => {
      void queryClient.invalidateQueries({ queryKey: invitationKeys.all(territoryId) });
    }),
  });
}

/** Orders a report; `reused` when the API answered with an identical one already made. The reports refresh. */
export function useOrderReport(
  callbacks?: MutationCallbacks<{ report: Report; reused: boolean }, Schemas['RequestReportDto']>,
) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: Schemas['RequestReportDto']) => {
      const result = await api.POST('/api/v1/territories/{territoryId}/reports', {
        params: { path: { territoryId } },
        body,
      });
      const report = await call(Promise.resolve(result));
      return { report, reused: result.response.headers.get('x-report-reused') === 'true' };
    },
    ...afterSuccess(callbacks, () => {
      void queryClient.invalidateQueries({ queryKey: reportKeys.all(territoryId) });
    }),
  });
}

/** Cancels a queued or running report; the answer replaces the cached report, the reports refresh. */
export function useCancelReport(reportId: string, callbacks?: MutationCallbacks<Report>) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/territories/{territoryId}/reports/{reportId}/cancel', {
          params: { path: { territoryId, reportId } },
        }),
      ),
    ...afterSuccess(callbacks, (cancelled) => {
      queryClient.setQueryData(reportKeys.detail(territoryId, reportId), cancelled);
      void queryClient.invalidateQueries({ queryKey: reportKeys.all(territoryId) });
    }),
  });
}

/** Deletes a report; the reports refresh. */
export function useDeleteReport(callbacks?: MutationCallbacks<unknown, Report>) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (report: Report) =>
      call(
        api.DELETE('/api/v1/territories/{territoryId}/reports/{reportId}', {
          params: { path: { territoryId, reportId: report.id } },
        }),
      ),
    ...afterSuccess(callbacks, () => {
      void queryClient.invalidateQueries({ queryKey: reportKeys.all(territoryId) });
    }),
  });
}

/** Creates a report schedule; the schedules refresh. */
export function useCreateSchedule(callbacks?: MutationCallbacks<Schemas['ScheduleViewDto'], Schemas['ScheduleDto']>) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['ScheduleDto']) =>
      call(api.POST('/api/v1/territories/{territoryId}/report-schedules', { params: { path: { territoryId } }, body })),
    ...afterSuccess(callbacks, () => {
      void queryClient.invalidateQueries({ queryKey: scheduleKeys.all(territoryId) });
    }),
  });
}

/** Deletes a report schedule; the schedules refresh. */
export function useDeleteSchedule(callbacks?: MutationCallbacks<unknown, Schemas['ScheduleViewDto']>) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (schedule: Schemas['ScheduleViewDto']) =>
      call(
        api.DELETE('/api/v1/territories/{territoryId}/report-schedules/{scheduleId}', {
          params: { path: { territoryId, scheduleId: schedule.id } },
        }),
      ),
    ...afterSuccess(callbacks, () => {
      void queryClient.invalidateQueries({ queryKey: scheduleKeys.all(territoryId) });
    }),
  });
}

/** Starts or stops sharing with the observatory; the answer replaces the cached choice, the audit log refreshes. */
export function useSaveSharing(callbacks?: MutationCallbacks<Schemas['SharingViewDto'], boolean>) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sharing: boolean) =>
      call(
        api.PUT('/api/v1/territories/{territoryId}/observatory-sharing', {
          params: { path: { territoryId } },
          body: { sharing },
        }),
      ),
    ...afterSuccess(callbacks, (result) => {
      queryClient.setQueryData(observatoryKeys.sharing(territoryId), result);
      void queryClient.invalidateQueries({ queryKey: auditKeys.all(territoryId) });
    }),
  });
}

/** Opens the join link (a new token) or closes it. */
export function useJoinLinkToggle(
  callbacks?: MutationCallbacks<Schemas['JoinLinkDto'] | Schemas['OpenedJoinLinkDto'], boolean>,
) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (open: boolean) =>
      open
        ? call(api.POST('/api/v1/territories/{territoryId}/join-link', { params: { path: { territoryId } } }))
        : call(api.DELETE('/api/v1/territories/{territoryId}/join-link', { params: { path: { territoryId } } })),
    ...afterSuccess(callbacks, (link) => {
      queryClient.setQueryData(requestKeys.joinLink(territoryId), link);
      void queryClient.invalidateQueries({ queryKey: auditKeys.all(territoryId) });
    }),
  });
}

export type RequestKind = 'link' | 'join' | 'profile';

/** A review: accept (a link request: to the organisation picked, if any) or refuse with a reason. */
export interface ReviewVariables {
  id: string;
  accept: boolean;
  reason?: string;
  actorId?: string;
}

/** Accepts or refuses (with a reason) a link request, a join request or a profile change. */
export function useReviewRequest(kind: RequestKind, callbacks?: MutationCallbacks<unknown, ReviewVariables>) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, accept, reason, actorId }: ReviewVariables) => {
      const refusal = { reason: reason ?? '' };
      if (kind === 'link') {
        const params = { path: { territoryId, linkRequestId: id } };
        return call(
          accept
            ? api.POST('/api/v1/territories/{territoryId}/link-requests/{linkRequestId}/accept', {
                params,
                body: actorId ? { actorId } : {},
              })
            : api.POST('/api/v1/territories/{territoryId}/link-requests/{linkRequestId}/refuse', {
                params,
                body: refusal,
              }),
        );
      }
      if (kind === 'join') {
        const params = { path: { territoryId, joinRequestId: id } };
        return call(
          accept
            ? api.POST('/api/v1/territories/{territoryId}/join-requests/{joinRequestId}/accept', { params })
            : api.POST('/api/v1/territories/{territoryId}/join-requests/{joinRequestId}/refuse', {
                params,
                body: refusal,
              }),
        );
      }
      const params = { path: { territoryId, changeId: id } };
      return call(
        accept
          ? api.POST('/api/v1/territories/{territoryId}/profile-changes/{changeId}/accept', { params })
          : api.POST('/api/v1/territories/{territoryId}/profile-changes/{changeId}/refuse', { params, body: refusal }),
      );
    },
    ...afterSuccess(callbacks, () => {
      void queryClient.invalidateQueries({ queryKey: requestKeys.all(territoryId) });
      void queryClient.invalidateQueries({ queryKey: memberKeys.all(territoryId) });
      void queryClient.invalidateQueries({ queryKey: auditKeys.all(territoryId) });
    }),
  });
}
