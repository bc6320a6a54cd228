import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, call, cursorPages, type Schemas } from '../../api/client';
import { globalKeys } from '../../api/keys';

export type Notification = Schemas['NotificationDto'];

/** The signed-in person's notifications: none belongs to one territory, so they hang off `globalKeys`. */
export const notificationKeys = {
  all: globalKeys.notifications,
  unreadCount: () => [...globalKeys.notifications, 'unread-count'] as const,
  /** The lists (every filter, and the home page's latest unread). */
  lists: () => [...globalKeys.notifications, 'list'] as const,
  list: (unreadOnly: boolean) => [...notificationKeys.lists(), { unreadOnly }] as const,
  latestUnread: (limit: number) => [...notificationKeys.lists(), 'latest-unread', limit] as const,
  preferences: () => [...globalKeys.notifications, 'preferences'] as const,
  mailStatus: () => [...globalKeys.notifications, 'mail-status'] as const,
};

/** How often the header's count is asked again while the page is open. */
export const UNREAD_POLL_MS = 30_000;

/** How many notifications are unread: polled, and asked again when the window comes back. */
export function useUnreadCount(enabled = true) {
  return useQuery({
    queryKey: notificationKeys.unreadCount(),
    queryFn: () => call(api.GET('/api/v1/me/notifications/unread-count')),
    enabled,
    refetchInterval: UNREAD_POLL_MS,
    refetchOnWindowFocus: 'always',
    staleTime: 5_000,
  });
}

/** My notifications, newest first, twenty a page; only the unread ones when asked. */
export function useNotifications(unreadOnly: boolean) {
  return useInfiniteQuery({
    queryKey: notificationKeys.list(unreadOnly),
    ...cursorPages((page) =>
      call(api.GET('/api/v1/me/notifications', { params: { query: { limit: 20, unread: unreadOnly, ...page } } })),
    ),
  });
}

/** The newest unread notifications (the home page's "since your last visit"). */
export function useLatestUnread(limit = 5) {
  return useQuery({
    queryKey: notificationKeys.latestUnread(limit),
    queryFn: () => call(api.GET('/api/v1/me/notifications', { params: { query: { limit, unread: true } } })),
    refetchInterval: UNREAD_POLL_MS,
  });
}

/** How each kind of notification reaches me by mail, and whether mail can leave at all. */
export function usePreferences() {
  return useQuery({
    queryKey: notificationKeys.preferences(),
    queryFn: () => call(api.GET('/api/v1/me/notification-preferences')),
  });
}

/** The platform's mail: configured or not, what waits, what failed, late digests (administrators). */
export function useMailStatus() {
  return useQuery({
    queryKey: notificationKeys.mailStatus(),
    queryFn: () => call(api.GET('/api/v1/admin/mail')),
  });
}
