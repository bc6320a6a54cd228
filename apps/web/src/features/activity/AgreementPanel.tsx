import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useTerritory } from '../../app/territory';
import { Button, FormErrors } from '../../ui/components';
import { formatDateTime } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { useAgreeAlliance } from './mutations';
import { type Alliance } from './shared';

/**
 * Who has agreed to make the alliance active and who is awaited: a member gives its
 * organisation's agreement, the coordination may record a party's on its behalf.
 * The last agreement makes the alliance active.
 */
export function AgreementPanel({ alliance }: { alliance: Alliance }): ReactNode {
  const { t } = useTranslation('activity');
  const { isCoordinator, actorId } = useTerritory();
  const notify = useNotify();
  const agree = useAgreeAlliance(alliance.id, {
    onSuccess: (updated) =>
      notify('success', updated.status === 'active' ? t('agreements.activated') : t('agreements.recorded')),
  });
  const open = alliance.status === 'under_discussion';
  if (!open && alliance.agreements.length === 0) return null;
  const agreed = new Map(alliance.agreements.map((agreement) => [agreement.actorId, agreement]));
  const awaited = alliance.parties.filter((party) => !agreed.has(party.actorId));
  const mine = actorId ? alliance.parties.find((party) => party.actorId === actorId) : undefined;
  return (
    <section className="card" aria-labelledby="agreements-title">
      <h2 id="agreements-title">{t('agreements.title')}</h2>
      {open ? <p className="muted">{t('agreements.intro')}</p> : null}
      <ul className="agreement-list">
        {alliance.parties.map((party) => {
          const agreement = agreed.get(party.actorId);
          return (
            <li key={party.actorId}>
              <strong>{party.name}</strong> —{' '}
              {agreement
                ? t(agreement.onBehalf ? 'agreements.agreedOnBehalf' : 'agreements.agreed', {
                    date: formatDateTime(agreement.agreedAt),
                  })
                : t('agreements.awaited')}
              {open && !agreement && isCoordinator ? (
                <>
                  {' '}
                  <Button variant="secondary" disabled={agree.isPending} onClick={() => agree.mutate(party.actorId)}>
                    {t('agreements.onBehalf', { name: party.name })}
                  </Button>
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
      {open && awaited.length > 0 ? <p>{t('agreements.awaitedCount', { count: awaited.length })}</p> : null}
      {open && mine && !agreed.has(mine.actorId) ? (
        <Button variant="primary" disabled={agree.isPending} onClick={() => agree.mutate(mine.actorId)}>
          {t('agreements.give')}
        </Button>
      ) : null}
      {agree.error ? <FormErrors error={agree.error} /> : null}
    </section>
  );
}
