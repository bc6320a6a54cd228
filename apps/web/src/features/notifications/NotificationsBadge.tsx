import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useUnreadCount } from './queries';

/**
 * The header's link to the notifications, with the unread count in its name
 * (« Notifications, 3 non lues »). The count is polled; a change is read out politely.
 */
export function NotificationsBadge(): ReactNode {
  const { t } = useTranslation('notifications');
  const { data } = useUnreadCount();
  const unread = data?.unread;
  const previous = useRef<number | undefined>(undefined);
  const [announcement, setAnnouncement] = useState('');
  useEffect(() => {
    // The first count is part of the page; later changes are news.
    if (previous.current !== undefined && unread !== undefined && unread !== previous.current && unread > 0) {
      setAnnouncement(t('badge.announce', { count: unread }));
    }
    if (unread !== undefined) previous.current = unread;
  }, [unread, t]);
  return (
    <>
      <NavLink
        to="/notifications"
        end
        className="header-link notifications-link"
        // The name is the visible word then the count (WCAG 2.5.3); the count's bubble is drawn by CSS.
        aria-label={unread === undefined ? undefined : `${t('badge.link')}, ${t('badge.unread', { count: unread })}`}
        data-count={unread ? (unread > 99 ? '99+' : String(unread)) : undefined}
      >
        {t('badge.link')}
      </NavLink>
      <span className="visually-hidden" role="status">
        {announcement}
      </span>
    </>
  );
}
