import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge, errorMessage } from '../../ui/components';
import { formatDateTime } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { useMarkRead } from './mutations';
import type { Notification } from './queries';
import { relativeTime } from './time';

/** Only the console's own pages are followed (a notification's link is a path such as /t/…/alliances/…). */
const consolePath = (link: string): string =>
  link.startsWith('/') && !link.startsWith('//') ? link : '/notifications';

/**
 * Following a notification opens what it is about and marks it read in the background. The link's own
 * navigation is kept: waiting for the mark-read would tie the navigation to this list, which the read
 * itself may empty (the unread filter) before the answer's callbacks run.
 */
function useOpenNotification(): (notification: Notification) => () => void {
  const notify = useNotify();
  const { t } = useTranslation(['notifications', 'common']);
  const markRead = useMarkRead({
    onError: (error) => notify('error', errorMessage(error, t)),
  });
  return (notification) => () => markRead.mutate(notification);
}

/** A list of notifications: territory, text (a link to what it is about), when, read or not. */
export function NotificationList({ items, label }: { items: Notification[]; label?: string }): ReactNode {
  const { t } = useTranslation('notifications');
  const open = useOpenNotification();
  return (
    <ul className="notification-list" aria-label={label}>
      {items.map((notification) => {
        const unread = !notification.readAt;
        return (
          <li key={notification.id} className={`notification-item${unread ? ' unread' : ''}`}>
            <p className="notification-meta">
              <span className="notification-territory">{notification.territory.name}</span>
              <span aria-hidden="true"> · </span>
              <time dateTime={notification.createdAt} title={formatDateTime(notification.createdAt)}>
                {relativeTime(notification.createdAt)}
              </time>
              <span aria-hidden="true"> · </span>
              <Badge tone={unread ? 'info' : 'neutral'}>{unread ? t('list.unread') : t('list.read')}</Badge>
            </p>
            <Link className="notification-link" to={consolePath(notification.link)} onClick={open(notification)}>
              {notification.text}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
