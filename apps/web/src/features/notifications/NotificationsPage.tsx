import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Button, Checkbox, errorMessage, LoadMore, PageHeader, QueryView } from '../../ui/components';
import { useNotify } from '../../ui/notices';
import { useMarkAllRead } from './mutations';
import { NotificationList } from './NotificationItem';
import { useNotifications } from './queries';

const UNREAD_PARAM = 'non-lues';

/** My notifications across my territories: newest first, the unread ones only on demand. */
export function NotificationsPage(): ReactNode {
  const { t } = useTranslation(['notifications', 'common']);
  const notify = useNotify();
  const listTitle = useId();
  const [params, setParams] = useSearchParams();
  // Checked at once (a controlled box waits for no navigation); the address keeps it for "back".
  const [unreadOnly, setUnreadOnly] = useState(() => params.has(UNREAD_PARAM));
  const notifications = useNotifications(unreadOnly);
  const markAll = useMarkAllRead({
    onSuccess: (result) => notify('success', t('list.markedAll', { count: result.marked })),
    onError: (error) => notify('error', errorMessage(error, t)),
  });
  const items = notifications.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <PageHeader
        title={t('list.title')}
        subtitle={t('list.subtitle')}
        actions={
          <Button variant="secondary" busy={markAll.isPending} onClick={() => markAll.mutate()}>
            {t('list.markAllRead')}
          </Button>
        }
      />
      <div className="notifications-toolbar">
        <Checkbox
          label={t('list.unreadOnly')}
          checked={unreadOnly}
          onChange={(event) => {
            setUnreadOnly(event.target.checked);
            setParams(event.target.checked ? { [UNREAD_PARAM]: 'oui' } : {}, {
              replace: true,
              preventScrollReset: true,
            });
          }}
        />
        <Link to="/compte/notifications">{t('list.preferences')}</Link>
      </div>
      <section className="card" aria-labelledby={listTitle}>
        <h2 id={listTitle} className="visually-hidden">
          {t('list.title')}
        </h2>
        <QueryView
          query={notifications}
          isEmpty={(data) => data.pages.every((page) => page.items.length === 0)}
          empty={unreadOnly ? t('list.emptyUnread') : t('list.empty')}
        >
          {() => (
            <>
              <p className="notifications-count-line" role="status">
                {t('list.count', { count: items.length })}
              </p>
              <NotificationList items={items} />
              <LoadMore
                hasMore={Boolean(notifications.hasNextPage)}
                loading={notifications.isFetchingNextPage}
                onClick={() => void notifications.fetchNextPage()}
              />
            </>
          )}
        </QueryView>
      </section>
    </>
  );
}
