import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Empty, QueryView } from '../../ui/components';
import { NotificationList } from './NotificationItem';
import { useLatestUnread, useUnreadCount } from './queries';

const SHOWN = 5;

/** « Depuis votre dernière visite »: the newest unread notifications, for a home page. */
export function SinceLastVisit(): ReactNode {
  const { t } = useTranslation('notifications');
  const titleId = useId();
  const latest = useLatestUnread(SHOWN);
  const count = useUnreadCount();
  const unread = count.data?.unread ?? 0;
  return (
    <section className="card since-last-visit" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('home.title')}</h2>
      <QueryView query={latest}>
        {(page) =>
          page.items.length === 0 ? <Empty>{t('home.empty')}</Empty> : <NotificationList items={page.items} />
        }
      </QueryView>
      <p>
        <Link to="/notifications">{unread > SHOWN ? t('home.more', { count: unread }) : t('home.all')}</Link>
      </p>
    </section>
  );
}
