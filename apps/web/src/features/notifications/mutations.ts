import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';
import { afterSuccess, type MutationCallbacks } from '../../api/mutations';
import { notificationKeys, type Notification } from './queries';

type Preferences = Schemas['PreferencesDto'];
type PreferencesBody = Schemas['PutPreferencesDto'];

/** After a read: the badge and every list (their read states and the unread filter) are stale. */
function useReadChanged(): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: notificationKeys.unreadCount() }),
      queryClient.invalidateQueries({ queryKey: notificationKeys.lists() }),
    ]);
  };
}

/** Marks one notification read (nothing to do when it already is). */
export function useMarkRead(callbacks?: MutationCallbacks<void, Notification>) {
  const changed = useReadChanged();
  return useMutation({
    mutationFn: async (notification: Notification) => {
      if (notification.readAt) return;
      await call(
        api.POST('/api/v1/me/notifications/{notificationId}/read', {
          params: { path: { notificationId: notification.id } },
        }),
      );
    },
    ...afterSuccess(callbacks, (_, notification) => (notification.readAt ? undefined : changed())),
  });
}

/** Marks all my notifications read. */
export function useMarkAllRead(callbacks?: MutationCallbacks<Schemas['MarkedReadDto']>) {
  const changed = useReadChanged();
  return useMutation({
    mutationFn: () => call(api.POST('/api/v1/me/notifications/read-all')),
    ...afterSuccess(callbacks, changed),
  });
}

/** Saves how kinds of notification reach me by mail; the answer is the new state. */
export function useSavePreferences(callbacks?: MutationCallbacks<Preferences, PreferencesBody>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PreferencesBody) => call(api.PUT('/api/v1/me/notification-preferences', { body })),
    ...afterSuccess(callbacks, (saved) => queryClient.setQueryData(notificationKeys.preferences(), saved)),
  });
}

/** The one-click unsubscribe of a mail's link (no session needed): the kinds stopped, in French. */
export function useUnsubscribe(callbacks?: MutationCallbacks<Schemas['UnsubscribedDto'], string>) {
  return useMutation({
    mutationFn: (token: string) => call(api.POST('/api/v1/mail/unsubscribe', { params: { query: { token } } })),
    ...callbacks,
  });
}
