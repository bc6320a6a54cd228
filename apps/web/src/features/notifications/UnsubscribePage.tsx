import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { useTokenFromQuery } from '../../app/query-token';
import { Button, errorMessage, PageHeader } from '../../ui/components';
import { useUnsubscribe } from './mutations';

/** Where a mail's unsubscribe link lands (public): one button stops that kind of mail. */
export function UnsubscribePage(): ReactNode {
  const { t } = useTranslation(['notifications', 'common']);
  const token = useTokenFromQuery('token');
  const unsubscribe = useUnsubscribe();
  const outcome = useRef<HTMLDivElement>(null);
  const settled = unsubscribe.isSuccess || unsubscribe.isError;
  useEffect(() => {
    // The button is gone: focus moves to what happened.
    if (settled) outcome.current?.focus();
  }, [settled]);
  const invalid = !token || (unsubscribe.error instanceof ApiError && [400, 404].includes(unsubscribe.error.status));
  return (
    <section className="card narrow">
      <PageHeader title={t('unsubscribe.title')} />
      {invalid ? (
        <div className="alert alert-error" role="alert" tabIndex={-1} ref={outcome}>
          <p>{token ? t('unsubscribe.invalid') : t('unsubscribe.noToken')}</p>
        </div>
      ) : unsubscribe.isSuccess ? (
        <div className="alert alert-success" role="status" tabIndex={-1} ref={outcome}>
          {unsubscribe.data.labels.length > 0 ? (
            <>
              <p>{t('unsubscribe.done')}</p>
              <ul aria-label={t('unsubscribe.stopped')}>
                {unsubscribe.data.labels.map((label) => (
                  <li key={label}>{label}</li>
                ))}
              </ul>
            </>
          ) : (
            <p>{t('unsubscribe.doneNone')}</p>
          )}
        </div>
      ) : (
        <>
          <p>{t('unsubscribe.intro')}</p>
          {unsubscribe.isError ? (
            <div className="alert alert-error" role="alert" tabIndex={-1} ref={outcome}>
              <p>{errorMessage(unsubscribe.error, t)}</p>
            </div>
          ) : null}
          <Button busy={unsubscribe.isPending} onClick={() => unsubscribe.mutate(token)}>
            {t('unsubscribe.confirm')}
          </Button>
        </>
      )}
      <p>{t('unsubscribe.preferencesHint')}</p>
      <p>
        <Link to="/compte/notifications">{t('unsubscribe.preferences')}</Link>
      </p>
    </section>
  );
}
