import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTOR_CATEGORIES, PRISM_OF_CATEGORY, type ActorCategory } from '@maillage/contract';
import { useTerritory } from '../../app/territory';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Button, CheckboxGroup, FormErrors, ScrollRegion } from '../../ui/components';
import { formatDateTime, formatNumber, formatPercent } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { useInvite, usePublicLink, useRemind, useStudyStatus, type InvitationCounts } from './queries';
import type { StudyDetail } from './types';

/** The invitations by prism: sent, answered, the rate. */
function InvitationsTable({ study }: { study: StudyDetail }): ReactNode {
  const { t } = useTranslation('studies');
  const rows = study.prisms.map((prism) => ({
    prism,
    ...(study.invitationsByPrism[prism] ?? { total: 0, answered: 0 }),
  }));
  return (
    <ScrollRegion label={t('diffusion.byPrism')}>
      <table>
        <caption>{t('diffusion.byPrism')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('diffusion.prism')}</th>
            <th scope="col" className="num">
              {t('diffusion.invited')}
            </th>
            <th scope="col" className="num">
              {t('diffusion.answered')}
            </th>
            <th scope="col" className="num">
              {t('diffusion.responses')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.prism}>
              <th scope="row">{t(`domain:studyPrism.${row.prism}`)}</th>
              <td className="num">{formatNumber(row.total)}</td>
              <td className="num">{formatNumber(row.answered)}</td>
              <td className="num">{formatNumber(study.responses.byPrism[row.prism] ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** Invites the contact persons of every actor, or of the categories chosen; says what was sent. */
function InviteForm({ study }: { study: StudyDetail }): ReactNode {
  const { t } = useTranslation(['studies', 'domain']);
  const { territoryId } = useTerritory();
  const [scope, setScope] = useState<'all' | 'categories'>('all');
  const [categories, setCategories] = useState<ActorCategory[]>([]);
  const [missing, setMissing] = useState(false);
  const [counts, setCounts] = useState<InvitationCounts | null>(null);
  const invite = useInvite(territoryId, study.id, { onSuccess: (result) => setCounts(result) });
  const [reminded, setReminded] = useState<number | null>(null);
  const remind = useRemind(territoryId, study.id, { onSuccess: (result) => setReminded(result.reminded) });
  // Only the categories whose prism the study asks are offered.
  const offered = ACTOR_CATEGORIES.filter((category) => study.prisms.includes(PRISM_OF_CATEGORY[category]));
  return (
    <section className="card" aria-labelledby="study-invite-title">
      <h2 id="study-invite-title">{t('studies:diffusion.inviteTitle')}</h2>
      <p className="muted">{t('studies:diffusion.inviteIntro')}</p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setCounts(null);
          const none = scope === 'categories' && categories.length === 0;
          setMissing(none);
          if (!none) invite.mutate(scope === 'all' ? {} : { categories });
        }}
      >
        <FormErrors error={invite.error} />
        <fieldset className="field">
          <legend>{t('studies:diffusion.whom')}</legend>
          {(['all', 'categories'] as const).map((value) => (
            <div className="checkbox" key={value}>
              <input
                type="radio"
                id={`study-invite-${value}`}
                name="study-invite-scope"
                checked={scope === value}
                onChange={() => setScope(value)}
              />
              <label htmlFor={`study-invite-${value}`}>{t(`studies:diffusion.scope.${value}`)}</label>
            </div>
          ))}
        </fieldset>
        {scope === 'categories' ? (
          <CheckboxGroup
            legend={t('studies:diffusion.categories')}
            options={offered.map((value) => ({
              value,
              label: `${t(`domain:category.${value}`)} (${t(`domain:studyPrism.${PRISM_OF_CATEGORY[value]}`)})`,
            }))}
            value={categories}
            onChange={(next) => setCategories(next as ActorCategory[])}
            errors={missing ? [t('studies:diffusion.chooseCategory')] : []}
          />
        ) : null}
        <div className="form-actions">
          <Button type="submit" busy={invite.isPending}>
            {t('studies:diffusion.invite')}
          </Button>
        </div>
      </form>
      {counts ? (
        <div className="alert alert-success" role="status">
          <p>{t('studies:diffusion.invitedCount', { count: counts.invited })}</p>
          <ul>
            <li>{t('studies:diffusion.alreadyInvited', { count: counts.alreadyInvited })}</li>
            <li>{t('studies:diffusion.withoutEmail', { count: counts.withoutEmail })}</li>
            {counts.outsidePrisms ? (
              <li>{t('studies:diffusion.outsidePrisms', { count: counts.outsidePrisms })}</li>
            ) : null}
          </ul>
        </div>
      ) : null}
      <h3>{t('studies:diffusion.remindTitle')}</h3>
      <p className="muted">{t('studies:diffusion.remindIntro')}</p>
      <FormErrors error={remind.error} />
      <Button variant="secondary" busy={remind.isPending} onClick={() => remind.mutate()}>
        {t('studies:diffusion.remind')}
      </Button>
      {reminded !== null ? (
        <p className="alert alert-success" role="status">
          {t('studies:diffusion.reminded', { count: reminded })}
        </p>
      ) : null}
    </section>
  );
}

/** The inhabitants' public link: opened or renewed (its address shown once), or closed. */
function PublicLinkPanel({ study }: { study: StudyDetail }): ReactNode {
  const { t } = useTranslation('studies');
  const { territoryId } = useTerritory();
  const notify = useNotify();
  const [url, setUrl] = useState<string | null>(null);
  const link = usePublicLink(territoryId, study.id, {
    onSuccess: (result) => {
      setUrl(result?.url ?? null);
      notify('success', t(result ? 'publicLink.opened' : 'publicLink.closed'));
    },
  });
  const [copied, setCopied] = useState(false);
  return (
    <section className="card" aria-labelledby="study-public-link-title">
      <h2 id="study-public-link-title">{t('publicLink.title')}</h2>
      <p className="muted">{t('publicLink.intro')}</p>
      <p role="status">{t(study.publicLinkOpen ? 'publicLink.isOpen' : 'publicLink.isClosed')}</p>
      {url ? (
        <div className="alert alert-success study-link">
          <p>{t('publicLink.shownOnce')}</p>
          <p>
            <a href={url} id="study-public-url">
              {url}
            </a>
          </p>
          <Button
            variant="secondary"
            onClick={() =>
              void navigator.clipboard?.writeText(url).then(
                () => setCopied(true),
                () => setCopied(false),
              )
            }
          >
            {t('publicLink.copy')}
          </Button>
          {copied ? <span role="status"> {t('publicLink.copied')}</span> : null}
        </div>
      ) : null}
      <FormErrors error={link.error} />
      <div className="row">
        <Button
          variant={study.publicLinkOpen ? 'secondary' : 'primary'}
          busy={link.isPending}
          onClick={() => {
            setCopied(false);
            link.mutate(true);
          }}
        >
          {t(study.publicLinkOpen ? 'publicLink.renew' : 'publicLink.open')}
        </Button>
        {study.publicLinkOpen ? (
          <Button variant="danger" busy={link.isPending} onClick={() => link.mutate(false)}>
            {t('publicLink.close')}
          </Button>
        ) : null}
      </div>
    </section>
  );
}

/**
 * « Diffusion »: open the study, invite the actors' contact persons, remind them, open the
 * inhabitants' public link, close the study.
 */
export function DiffusionPanel({ study }: { study: StudyDetail }): ReactNode {
  const { t } = useTranslation('studies');
  const { territoryId } = useTerritory();
  const notify = useNotify();
  const [confirming, setConfirming] = useState(false);
  const status = useStudyStatus(territoryId, study.id, {
    onSuccess: (_result, action) => {
      setConfirming(false);
      notify('success', t(action === 'open' ? 'diffusion.opened' : 'diffusion.closedDone'));
    },
  });
  return (
    <div className="study-diffusion">
      <section className="card" aria-labelledby="study-status-title">
        <h2 id="study-status-title">{t('diffusion.statusTitle')}</h2>
        <p>
          {study.status === 'draft' ? t('diffusion.draft') : null}
          {study.status === 'open'
            ? t('diffusion.open', { date: study.openedAt ? formatDateTime(study.openedAt) : '' })
            : null}
          {study.status === 'closed'
            ? t('diffusion.closed', { date: study.closedAt ? formatDateTime(study.closedAt) : '' })
            : null}
        </p>
        <p>
          {t('diffusion.rate', {
            rate: study.responseRate === null ? t('list.noInvitation') : formatPercent(study.responseRate),
            responses: study.responses.total,
            count: study.responses.total,
          })}
        </p>
        <InvitationsTable study={study} />
        {study.pendingMails > 0 ? (
          <p className="muted">{t('diffusion.pendingMails', { count: study.pendingMails })}</p>
        ) : null}
        <FormErrors error={confirming ? undefined : status.error} />
        {study.status === 'draft' ? (
          <Button busy={status.isPending} onClick={() => status.mutate('open')}>
            {t('diffusion.openStudy')}
          </Button>
        ) : null}
        {study.status === 'open' ? (
          <Button variant="danger" onClick={() => setConfirming(true)}>
            {t('diffusion.closeStudy')}
          </Button>
        ) : null}
        <ConfirmDialog
          open={confirming}
          title={t('diffusion.closeTitle')}
          confirmLabel={t('diffusion.closeStudy')}
          busy={status.isPending}
          error={status.error}
          onConfirm={() => status.mutate('close')}
          onClose={() => setConfirming(false)}
        >
          <p>{t('diffusion.closeConfirm')}</p>
        </ConfirmDialog>
      </section>
      {study.status === 'open' ? (
        <>
          <InviteForm study={study} />
          <PublicLinkPanel study={study} />
        </>
      ) : null}
    </div>
  );
}
