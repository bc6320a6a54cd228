import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';
import { afterSuccess, type MutationCallbacks } from '../../api/mutations';
import { useTerritory } from '../../app/territory';
import { allianceKeys } from '../activity/queries';
import { viewKeys } from '../views/queries';
import { actorKeys } from './queries';

/** Adds a contact person to an actor; its contacts refresh. */
export function useAddContact(
  actorId: string,
  callbacks?: MutationCallbacks<Schemas['ContactPersonDto'], Schemas['ContactDto']>,
) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['ContactDto']) =>
      call(
        api.POST('/api/v1/territories/{territoryId}/actors/{actorId}/contacts', {
          params: { path: { territoryId, actorId } },
          body,
        }),
      ),
    ...afterSuccess(callbacks, () => {
      void queryClient.invalidateQueries({ queryKey: actorKeys.contacts(territoryId, actorId) });
    }),
  });
}

/** Removes one of an actor's contacts (the variable is the contact's id); its contacts refresh. */
export function useRemoveContact(actorId: string, callbacks?: MutationCallbacks<unknown, string>) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (contactId: string) =>
      call(
        api.DELETE('/api/v1/territories/{territoryId}/actors/{actorId}/contacts/{contactId}', {
          params: { path: { territoryId, actorId, contactId } },
        }),
      ),
    ...afterSuccess(callbacks, () => {
      void queryClient.invalidateQueries({ queryKey: actorKeys.contacts(territoryId, actorId) });
    }),
  });
}

/** Archives (`true`) or brings back (`false`) an actor; the answer replaces the cached actor. */
export function useArchiveActor(actorId: string, callbacks?: MutationCallbacks<Schemas['ActorDto'], boolean>) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (archived: boolean) =>
      call(
        archived
          ? api.POST('/api/v1/territories/{territoryId}/actors/{actorId}/archive', {
              params: { path: { territoryId, actorId } },
            })
          : api.POST('/api/v1/territories/{territoryId}/actors/{actorId}/unarchive', {
              params: { path: { territoryId, actorId } },
            }),
      ),
    ...afterSuccess(callbacks, (actor) => {
      queryClient.setQueryData(actorKeys.detail(territoryId, actorId), actor);
      void queryClient.invalidateQueries({ queryKey: actorKeys.all(territoryId) });
    }),
  });
}

/** Merges `sourceId` into `targetId` (the actor kept). */
export function useMergeActors(
  callbacks?: MutationCallbacks<Schemas['ActorDto'], { targetId: string; sourceId: string }>,
) {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ targetId, sourceId }: { targetId: string; sourceId: string }) =>
      call(
        api.POST('/api/v1/territories/{territoryId}/actors/{actorId}/merge', {
          params: { path: { territoryId, actorId: targetId } },
          body: { sourceId },
        }),
      ),
    ...afterSuccess(callbacks, () => {
      // The dropped actor's alliances, actions and place in the views now belong to the kept one.
      void queryClient.invalidateQueries({ queryKey: actorKeys.all(territoryId) });
      void queryClient.invalidateQueries({ queryKey: allianceKeys.all(territoryId) });
      void queryClient.invalidateQueries({ queryKey: viewKeys.all(territoryId) });
    }),
  });
}

/**
 * Places an actor where a coordinator clicked on the map (`If-Match` with the version read): the API marks
 * the position as placed by hand. The actor and the views refresh.
 */
export function usePlaceActor() {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      actorId,
      version,
      latitude,
      longitude,
    }: {
      actorId: string;
      version: number;
      latitude: number;
      longitude: number;
    }) =>
      call(
        api.PATCH('/api/v1/territories/{territoryId}/actors/{actorId}', {
          params: { path: { territoryId, actorId }, header: { 'If-Match': `"${version}"` } },
          body: { latitude: Math.round(latitude * 1e6) / 1e6, longitude: Math.round(longitude * 1e6) / 1e6 },
        }),
      ),
    onSuccess: (actor) => {
      queryClient.setQueryData(actorKeys.detail(territoryId, actor.id), actor);
      void queryClient.invalidateQueries({ queryKey: actorKeys.all(territoryId) });
      void queryClient.invalidateQueries({ queryKey: viewKeys.all(territoryId) });
    },
  });
}

/** Starts geocoding the actors without a precise position (or shows the run already going). */
export function useStartGeocoding() {
  const { territoryId } = useTerritory();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      call(api.POST('/api/v1/territories/{territoryId}/geocoding', { params: { path: { territoryId } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: viewKeys.all(territoryId) });
    },
  });
}
