import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type Schemas } from '../../api/client';
import { errorMessage, PageHeader, QueryView } from '../../ui/components';
import { formatDateTime } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useSharingChangedBy } from './queries';
import { useSaveSharing } from './mutations';
import { useObservatorySharing } from '../observatory/queries';
import { HelpLink } from '../help/HelpPages';

type Sharing = Schemas['SharingViewDto'];

function SharingSwitch({ sharing }: { sharing: Sharing }): ReactNode {
  const { t } = useTranslation(['workspace', 'common']);
  const notify = useNotify();
  const labelId = useId();
  const descriptionId = useId();
  const [confirming, setConfirming] = useState(false);
  const changedBy = useSharingChangedBy(sharing);
  const save = useSaveSharing({
    onSuccess: (result) => {
      setConfirming(false);
      notify('success', t(result.sharing ? 'workspace:sharing.started' : 'workspace:sharing.stopped'));
    },
    onError: (error) => {
      if (!confirming) notify('error', errorMessage(error, t));
    },
  });
  return (
    <>
      <div className="switch-row">
        <span id={labelId} className="switch-label">
          {t('workspace:sharing.switch')}
        </span>
        <button
          type="button"
          role="switch"
          className="switch"
          aria-checked={sharing.sharing}
          aria-labelledby={labelId}
          aria-describedby={descriptionId}
          disabled={save.isPending}
          aria-busy={save.isPending || undefined}
          onClick={() => (sharing.sharing ? setConfirming(true) : save.mutate(true))}
        >
          <span className="switch-track" aria-hidden="true">
            <span className="switch-thumb" />
          </span>
          <span className="switch-state">
            {sharing.sharing ? t('workspace:sharing.on') : t('workspace:sharing.off')}
          </span>
        </button>
      </div>
      <p id={descriptionId} className="muted">
        {sharing.sharing ? t('workspace:sharing.onText') : t('workspace:sharing.offText')}
      </p>
      <dl className="facts">
        <div>
          <dt>{t('workspace:sharing.changed')}</dt>
          <dd>
            {sharing.changedAt
              ? changedBy
                ? t('workspace:sharing.changedByAt', { name: changedBy, date: formatDateTime(sharing.changedAt) })
                : t('workspace:sharing.changedAt', { date: formatDateTime(sharing.changedAt) })
              : t('workspace:sharing.neverChanged')}
          </dd>
        </div>
        <div>
          <dt>{t('workspace:sharing.computed')}</dt>
          <dd>
            {sharing.lastComputedAt ? formatDateTime(sharing.lastComputedAt) : t('workspace:sharing.neverComputed')}
          </dd>
        </div>
      </dl>
      <ConfirmDialog
        open={confirming}
        title={t('workspace:sharing.confirmTitle')}
        confirmLabel={t('workspace:sharing.confirmStop')}
        busy={save.isPending}
        error={confirming ? save.error : undefined}
        onConfirm={() => save.mutate(false)}
        onClose={() => {
          setConfirming(false);
          save.reset();
        }}
      >
        <p>{t('workspace:sharing.confirmText')}</p>
      </ConfirmDialog>
    </>
  );
}

/** The territory's consent to share its aggregates with the national observatory. */
export function SharingPage(): ReactNode {
  const { t } = useTranslation('workspace');
  const sharing = useObservatorySharing();
  return (
    <>
      <PageHeader title={t('sharing.title')} subtitle={t('sharing.intro')} actions={<HelpLink area="observatoire" />} />
      <section className="card ws-card" aria-labelledby="sharing-state-title">
        <h2 id="sharing-state-title">{t('sharing.consent')}</h2>
        <QueryView query={sharing}>{(data) => <SharingSwitch sharing={data} />}</QueryView>
      </section>
      <section className="card ws-card" aria-labelledby="sharing-what-title">
        <h2 id="sharing-what-title">{t('sharing.whatTitle')}</h2>
        <ul className="explain">
          <li>{t('sharing.what.aggregates')}</li>
          <li>{t('sharing.what.suppression')}</li>
          <li>{t('sharing.what.never')}</li>
          <li>{t('sharing.what.stop')}</li>
        </ul>
      </section>
    </>
  );
}
