import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, FormErrors, QueryView } from '../../ui/components';
import { formatDateTime } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { useJoinLinkToggle } from './mutations';
import { useJoinLink } from './queries';

/**
 * The territory's join link: opened (a new link, shown once: only its hash is
 * kept), or closed. Whoever has it asks to join; the requests wait in « Demandes ».
 */
export function JoinLinkPanel(): ReactNode {
  const { t } = useTranslation('workspace');
  const notify = useNotify();
  const link = useJoinLink();
  const [url, setUrl] = useState<string | null>(null);
  const toggle = useJoinLinkToggle({
    onSuccess: (result) => {
      setUrl('url' in result ? result.url : null);
      notify('success', t(result.open ? 'joinLink.opened' : 'joinLink.closed'));
    },
  });
  return (
    <section className="card ws-card" aria-labelledby="join-link-title">
      <h2 id="join-link-title">{t('joinLink.title')}</h2>
      <p className="muted">{t('joinLink.intro')}</p>
      <QueryView query={link}>
        {(state) => (
          <>
            <p role="status">
              {state.open ? t('joinLink.isOpen', { date: formatDateTime(state.openedAt) }) : t('joinLink.isClosed')}
            </p>
            {url ? (
              <div className="alert alert-success accept-link">
                <p>{t('joinLink.shownOnce')}</p>
                <p>
                  <code id="join-url">{url}</code>
                </p>
              </div>
            ) : null}
            <FormErrors error={toggle.error} />
            <div className="row">
              <Button
                variant={state.open ? 'secondary' : 'primary'}
                busy={toggle.isPending}
                onClick={() => toggle.mutate(true)}
              >
                {t(state.open ? 'joinLink.renew' : 'joinLink.open')}
              </Button>
              {state.open ? (
                <Button variant="danger" busy={toggle.isPending} onClick={() => toggle.mutate(false)}>
                  {t('joinLink.close')}
                </Button>
              ) : null}
            </div>
          </>
        )}
      </QueryView>
    </section>
  );
}
