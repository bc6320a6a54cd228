import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTerritory } from '../../app/territory';
import { Button, ButtonLink, ErrorState, LoadMore, Loading, PageHeader, SelectField } from '../../ui/components';
import { formatDate } from '../../ui/format';
import {
  ActorSearch,
  focusSoon,
  MODES,
  STATUSES,
  TransitionButtons,
  useUrlParams,
  type Alliance,
  type AllianceMode,
  type AllianceStatus,
} from './shared';
import { useActor, useAllianceColumn } from './queries';
import { HelpLink } from '../help/HelpPages';

/** An alliance on a kanban card or in a list: title, parties, modes, and the moves this person may make. */
export function AllianceCard({ alliance, headingLevel = 3 }: { alliance: Alliance; headingLevel?: 2 | 3 }): ReactNode {
  const { t } = useTranslation(['activity', 'domain']);
  const { territoryId } = useTerritory();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="alliance-card">
      <Heading className="alliance-card-title">
        <Link
          to={`/t/${territoryId}/alliances/${alliance.id}`}
          data-alliance-id={alliance.id}
          data-alliance-status={alliance.status}
        >
          {alliance.title}
        </Link>
      </Heading>
      <p className="alliance-parties">
        <span className="visually-hidden">
          {t('activity:alliances.parties')}
          {t('activity:separator')}
        </span>
        {alliance.parties.map((party) => party.name).join(' · ')}
      </p>
      <p className="alliance-modes">
        <span className="visually-hidden">
          {t('activity:alliances.modes')}
          {t('activity:separator')}
        </span>
        {alliance.modes.map((mode) => t(`domain:allianceMode.${mode}`)).join(', ')}
      </p>
      <p className="muted small">
        {alliance.startDate
          ? t('activity:alliances.since', { date: formatDate(alliance.startDate) })
          : t('activity:alliances.createdOn', { date: formatDate(alliance.createdAt) })}
      </p>
      <TransitionButtons alliance={alliance} />
    </article>
  );
}

function Column({
  status,
  mode,
  actorId,
}: {
  status: AllianceStatus;
  mode?: AllianceMode;
  actorId?: string;
}): ReactNode {
  const { t } = useTranslation(['activity', 'domain']);
  const { territoryId, isCoordinator, actorId: ownActor } = useTerritory();
  const mayPropose = isCoordinator || Boolean(ownActor);
  const headingId = useId();
  const alliances = useAllianceColumn({ status, mode, actorId });
  const items = alliances.data?.pages.flatMap((page) => page.items) ?? [];
  const more = Boolean(alliances.hasNextPage);
  return (
    <section className={`kanban-column status-${status}`} aria-labelledby={headingId}>
      <h2 id={headingId} className="kanban-title">
        {t(`domain:allianceStatus.${status}`)}{' '}
        {alliances.data ? (
          <span className="kanban-count">
            {t(more ? 'activity:alliances.countMore' : 'activity:alliances.count', { count: items.length })}
          </span>
        ) : null}
      </h2>
      {alliances.isPending ? (
        <Loading />
      ) : alliances.error ? (
        <ErrorState error={alliances.error} onRetry={() => void alliances.refetch()} />
      ) : items.length === 0 ? (
        <p className="muted kanban-empty">
          {t('activity:alliances.columnEmpty')}
          {status === 'proposed' && mayPropose ? (
            <>
              {' '}
              <Link to={`/t/${territoryId}/alliances/proposer`}>{t('activity:alliances.emptyPropose')}</Link>
            </>
          ) : null}
        </p>
      ) : (
        <ul className="kanban-cards">
          {items.map((alliance) => (
            <li key={alliance.id}>
              <AllianceCard alliance={alliance} />
            </li>
          ))}
        </ul>
      )}
      <LoadMore hasMore={more} loading={alliances.isFetchingNextPage} onClick={() => void alliances.fetchNextPage()} />
    </section>
  );
}

/** The alliances by lifecycle state; each card offers only the moves the API allows this person. */
export function AlliancesPage(): ReactNode {
  const { t } = useTranslation(['activity', 'domain', 'common']);
  const { territoryId, isCoordinator, actorId: ownActor } = useTerritory();
  const { params, set } = useUrlParams();
  const mode = MODES.find((value) => value === params.get('mode'));
  const actorId = params.get('acteur') ?? undefined;
  const actor = useActor(actorId);
  const chipId = useId();
  const filtersId = useId();
  return (
    <>
      <PageHeader
        title={t('activity:alliances.title')}
        subtitle={t(isCoordinator ? 'activity:alliances.intro' : 'activity:alliances.introMember')}
        actions={
          <>
            {isCoordinator || ownActor ? (
              <ButtonLink variant="primary" to={`/t/${territoryId}/alliances/proposer`}>
                {t(isCoordinator ? 'activity:propose.createTitle' : 'activity:propose.title')}
              </ButtonLink>
            ) : null}
            <HelpLink area="alliances" />
          </>
        }
      />
      <section className="card filters" id={filtersId} aria-label={t('activity:filters.title')}>
        <div className="toolbar">
          <SelectField
            label={t('activity:alliances.mode')}
            value={mode ?? ''}
            placeholder={t('activity:filters.allModes')}
            onChange={(event) => set('mode', event.target.value)}
            options={MODES.map((value) => ({ value, label: t(`domain:allianceMode.${value}`) }))}
          />
          {actorId ? (
            <p className="filter-chip">
              {t('activity:filters.actor', { name: actor.data?.name ?? '…' })}{' '}
              <Button
                variant="tertiary"
                id={chipId}
                onClick={() => {
                  set('acteur', undefined);
                  // The search field comes back in the button's place.
                  focusSoon(
                    () => document.getElementById(filtersId)?.querySelector<HTMLElement>('input[type="search"]'),
                    10,
                    false,
                  );
                }}
              >
                {t('activity:filters.removeActor')}
              </Button>
            </p>
          ) : (
            <ActorSearch
              label={t('activity:filters.byActor')}
              onPick={(picked) => {
                set('acteur', picked.id);
                // The search field gives way to the filter's chip: focus its button.
                focusSoon(() => document.getElementById(chipId), 10, false);
              }}
            />
          )}
        </div>
      </section>
      <div className="kanban">
        {STATUSES.map((status) => (
          <Column key={status} status={status} mode={mode} actorId={actorId} />
        ))}
      </div>
    </>
  );
}
