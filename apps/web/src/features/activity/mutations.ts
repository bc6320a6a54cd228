import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';
import { afterSuccess, type MutationCallbacks } from '../../api/mutations';
import { useTerritory } from '../../app/territory';
import { actionKeys, allianceKeys, invalidateEcosystem, organisationKeys, priorityKeys } from './queries';

type Alliance = Schemas['AllianceViewDto'];
type Priority = Schemas['PriorityViewDto'];

/**
 * Moves an alliance to another status (with an optional note). Every alliance list refreshes,
 * and the ecosystem; `onRefetched` runs once the alliance lists are refetched (to move focus
 * onto the alliance in its new place).
 */
export function useMoveAlliance(
  allianceId: string,
  callbacks?: MutationCallbacks<Alliance, { to: Schemas['AllianceStatus']; note?: string }> & {
    onRefetched?: (updated: Alliance) => void;
  },
) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ to, note }: { to: Schemas['AllianceStatus']; note?: string }) =>
      call(
        api.POST('/api/v1/territories/{territoryId}/alliances/{allianceId}/transitions', {
          params: { path: { territoryId, allianceId } },
          body: { to, ...(note ? { note } : {}) },
        }),
      ),
    ...afterSuccess(callbacks, (updated) => {
      const refetched = queryClient.invalidateQueries({ queryKey: allianceKeys.all(territoryId) });
      invalidateEcosystem(queryClient, territoryId);
      void refetched.finally(() => callbacks?.onRefetched?.(updated));
    }),
  });
}

/**
 * Records a party's agreement to make the alliance active (a member for its organisation, the
 * coordination on a party's behalf); the last one activates it. Every alliance list refreshes.
 */
export function useAgreeAlliance(allianceId: string, callbacks?: MutationCallbacks<Alliance, string>) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (actorId: string) =>
      call(
        api.POST('/api/v1/territories/{territoryId}/alliances/{allianceId}/agreements', {
          params: { path: { territoryId, allianceId } },
          body: { actorId },
        }),
      ),
    ...afterSuccess(callbacks, () => {
      void queryClient.invalidateQueries({ queryKey: allianceKeys.all(territoryId) });
      invalidateEcosystem(queryClient, territoryId);
    }),
  });
}

/** Proposes (a member) or creates (the coordination) an alliance. */
export function useProposeAlliance(callbacks?: MutationCallbacks<Alliance, Schemas['CreateAllianceDto']>) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateAllianceDto']) =>
      call(api.POST('/api/v1/territories/{territoryId}/alliances', { params: { path: { territoryId } }, body })),
    ...afterSuccess(callbacks, () => {
      void queryClient.invalidateQueries({ queryKey: allianceKeys.all(territoryId) });
      invalidateEcosystem(queryClient, territoryId);
    }),
  });
}

/** Saves an alliance's changes (`version` guards against a concurrent edit); every alliance list refreshes. */
export function usePatchAlliance(
  allianceId: string,
  version: number,
  callbacks?: MutationCallbacks<Alliance, Schemas['UpdateAllianceDto']>,
) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['UpdateAllianceDto']) =>
      call(
        api.PATCH('/api/v1/territories/{territoryId}/alliances/{allianceId}', {
          params: { path: { territoryId, allianceId }, header: { 'If-Match': String(version) } },
          body,
        }),
      ),
    ...afterSuccess(callbacks, (saved) => {
      queryClient.setQueryData(allianceKeys.detail(territoryId, allianceId), saved);
      void queryClient.invalidateQueries({ queryKey: allianceKeys.all(territoryId) });
      invalidateEcosystem(queryClient, territoryId);
    }),
  });
}

/** Records one party's evaluation of an alliance for a period; the answer replaces the cached evaluations. */
export function useEvaluateAlliance(
  allianceId: string,
  callbacks?: MutationCallbacks<Schemas['EvaluationSummaryDto'][], Schemas['EvaluationDto']>,
) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['EvaluationDto']) =>
      call(
        api.PUT('/api/v1/territories/{territoryId}/alliances/{allianceId}/evaluations', {
          params: { path: { territoryId, allianceId } },
          body,
        }),
      ),
    ...afterSuccess(callbacks, (result) => {
      queryClient.setQueryData(allianceKeys.evaluations(territoryId, allianceId), result);
      invalidateEcosystem(queryClient, territoryId);
    }),
  });
}

/** Saves an action's changes (`version` guards against a concurrent edit); the answer replaces the cached action. */
export function usePatchAction(
  actionId: string,
  version: number,
  callbacks?: MutationCallbacks<Schemas['ActionViewDto'], Schemas['UpdateActionDto']>,
) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['UpdateActionDto']) =>
      call(
        api.PATCH('/api/v1/territories/{territoryId}/actions/{actionId}', {
          params: { path: { territoryId, actionId }, header: { 'If-Match': String(version) } },
          body,
        }),
      ),
    ...afterSuccess(callbacks, (saved) => {
      queryClient.setQueryData(actionKeys.detail(territoryId, actionId), saved);
      void queryClient.invalidateQueries({ queryKey: actionKeys.all(territoryId) });
      invalidateEcosystem(queryClient, territoryId);
    }),
  });
}

/** Deletes an action; its cached copy goes, the lists and the ecosystem refresh. */
export function useDeleteAction(actionId: string, callbacks?: MutationCallbacks<unknown>) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      call(
        api.DELETE('/api/v1/territories/{territoryId}/actions/{actionId}', {
          params: { path: { territoryId, actionId } },
        }),
      ),
    ...afterSuccess(callbacks, () => {
      queryClient.removeQueries({ queryKey: actionKeys.detail(territoryId, actionId) });
      void queryClient.invalidateQueries({ queryKey: actionKeys.all(territoryId) });
      invalidateEcosystem(queryClient, territoryId);
    }),
  });
}

/** Creates a priority, or saves an existing one's changes (guarded by its version); the priorities refresh. */
export function useSavePriority(
  priority: Priority | undefined,
  callbacks?: MutationCallbacks<Priority, Schemas['PriorityDto']>,
) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['PriorityDto']) =>
      priority
        ? call(
            api.PATCH('/api/v1/territories/{territoryId}/priorities/{priorityId}', {
              params: {
                path: { territoryId, priorityId: priority.id },
                header: { 'If-Match': String(priority.version) },
              },
              body,
            }),
          )
        : call(api.POST('/api/v1/territories/{territoryId}/priorities', { params: { path: { territoryId } }, body })),
    ...afterSuccess(callbacks, () => {
      void queryClient.invalidateQueries({ queryKey: priorityKeys.all(territoryId) });
    }),
  });
}

/** Deletes a priority; the priorities refresh, and what answered it (actions, alliances, the ecosystem). */
export function useDeletePriority(callbacks?: MutationCallbacks<unknown, Priority>) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (priority: Priority) =>
      call(
        api.DELETE('/api/v1/territories/{territoryId}/priorities/{priorityId}', {
          params: { path: { territoryId, priorityId: priority.id } },
        }),
      ),
    ...afterSuccess(callbacks, () => {
      void queryClient.invalidateQueries({ queryKey: priorityKeys.all(territoryId) });
      // Its links leave the actors, actions and alliances that answered it.
      void queryClient.invalidateQueries({ queryKey: actionKeys.all(territoryId) });
      void queryClient.invalidateQueries({ queryKey: allianceKeys.all(territoryId) });
      invalidateEcosystem(queryClient, territoryId);
    }),
  });
}

/** A member without an organisation asks the coordination to link them to one. */
export function useAskLink(callbacks?: MutationCallbacks<Schemas['LinkRequestViewDto'], Schemas['LinkRequestDto']>) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['LinkRequestDto']) =>
      call(api.POST('/api/v1/territories/{territoryId}/link-requests', { params: { path: { territoryId } }, body })),
    ...afterSuccess(callbacks, () => queryClient.invalidateQueries({ queryKey: organisationKeys.all(territoryId) })),
  });
}

/** Saves the member's organisation profile (public fields at once, identity ones as a change request). */
export function useEditMyOrganisation(
  version: number,
  callbacks?: MutationCallbacks<Schemas['MyOrganisationDto'], Schemas['UpdateMyOrganisationDto']>,
) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['UpdateMyOrganisationDto']) =>
      call(
        api.PATCH('/api/v1/territories/{territoryId}/my-organisation', {
          params: { path: { territoryId }, header: { 'If-Match': `"${version}"` } },
          body,
        }),
      ),
    ...afterSuccess(callbacks, (result) => {
      queryClient.setQueryData(organisationKeys.profile(territoryId), result);
      invalidateEcosystem(queryClient, territoryId);
    }),
  });
}
