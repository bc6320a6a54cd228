import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button, FormErrors } from '../../ui/components';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { formatNumber } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { useCreateDemo, useDeleteDemo, useDemo } from './queries';

/**
 * The demo territory, for platform administrators: create it, or see its accounts, reset it
 * (generated again from scratch) or delete it, each after a confirmation.
 */
export function DemoPanel(): ReactNode {
  const { t } = useTranslation(['admin', 'common']);
  const notify = useNotify();
  const demo = useDemo();
  const [asking, setAsking] = useState<'reset' | 'delete' | undefined>();
  const create = useCreateDemo({
    onSuccess: (created, { reset }) => {
      setAsking(undefined);
      notify('success', t(reset ? 'admin:demo.resetDone' : 'admin:demo.created', { name: created.name }));
    },
  });
  const remove = useDeleteDemo({
    onSuccess: () => {
      setAsking(undefined);
      notify('success', t('admin:demo.deleted'));
    },
  });
  if (demo.isPending) return null;
  const current = demo.data;
  return (
    <section className="card demo-panel" aria-labelledby="demo-title">
      <h2 id="demo-title">{t('admin:demo.title')}</h2>
      <p className="muted">{t('admin:demo.intro')}</p>
      {demo.isError ? <FormErrors error={demo.error} /> : null}
      {asking === undefined ? <FormErrors error={create.error} /> : null}
      {current ? (
        <>
          <p>
            <Link to={`/t/${current.territoryId}`}>{current.name}</Link>
            {' — '}
            {t('admin:demo.counts', {
              actors: formatNumber(current.counts.actors),
              actions: formatNumber(current.counts.actions),
              alliances: formatNumber(current.counts.alliances),
            })}
          </p>
          <p>{t('admin:demo.accounts', { password: current.password })}</p>
          <ul>
            {current.accounts.map((account) => (
              <li key={account.email}>
                <code>{account.email}</code> — {account.label}
              </li>
            ))}
          </ul>
          <div className="form-actions">
            <Button variant="secondary" onClick={() => setAsking('reset')}>
              {t('admin:demo.reset')}
            </Button>
            <Button variant="danger" onClick={() => setAsking('delete')}>
              {t('admin:demo.delete')}
            </Button>
          </div>
        </>
      ) : (
        <div className="form-actions">
          <Button busy={create.isPending} onClick={() => create.mutate({ reset: false })}>
            {t('admin:demo.create')}
          </Button>
        </div>
      )}
      <ConfirmDialog
        open={asking === 'reset'}
        title={t('admin:demo.resetTitle')}
        confirmLabel={t('admin:demo.reset')}
        busy={create.isPending}
        error={create.error}
        onConfirm={() => create.mutate({ reset: true })}
        onClose={() => setAsking(undefined)}
      >
        <p>{t('admin:demo.resetConfirm')}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={asking === 'delete'}
        title={t('admin:demo.deleteTitle')}
        confirmLabel={t('admin:demo.delete')}
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onClose={() => setAsking(undefined)}
      >
        <p>{t('admin:demo.deleteConfirm')}</p>
      </ConfirmDialog>
    </section>
  );
}
