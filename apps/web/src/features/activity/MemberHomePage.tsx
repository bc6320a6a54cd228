import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTerritory } from '../../app/territory';
import { ButtonLink, LoadMore, PageHeader, QueryView } from '../../ui/components';
import { SinceLastVisit } from '../notifications/SinceLastVisit';
import { AllianceCard } from './AlliancesPage';
import { type Alliance } from './shared';
import { useActor, useMemberAlliances } from './queries';
import { LinkRequestPanel, ProfilePanel } from './MyOrganisationPanels';

/** A member whose account is linked to no organisation: what to do about it. */
export function NoActorLink(): ReactNode {
  const { t } = useTranslation('activity');
  return (
    <div className="alert alert-info" role="status">
      <p>
        <strong>{t('member.noLinkTitle')}</strong>
      </p>
      <p>{t('member.noLink')}</p>
    </div>
  );
}

function Group({
  title,
  intro,
  empty,
  alliances,
  evaluate,
}: {
  title: string;
  intro?: string;
  empty: string;
  alliances: Alliance[];
  evaluate?: boolean;
}): ReactNode {
  const { t } = useTranslation('activity');
  const { territoryId } = useTerritory();
  return (
    <section className="card member-group">
      <h2>
        {title} <span className="kanban-count">({alliances.length})</span>
      </h2>
      {intro ? <p className="muted">{intro}</p> : null}
      {alliances.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="member-cards">
          {alliances.map((alliance) => (
            <li key={alliance.id}>
              <AllianceCard alliance={alliance} />
              {evaluate && (alliance.status === 'active' || alliance.status === 'ended') ? (
                <Link className="evaluate-link" to={`/t/${territoryId}/alliances/${alliance.id}#evaluation`}>
                  {t('member.evaluate')}
                  <span className="visually-hidden"> {alliance.title}</span>
                </Link>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A member's home: their organisation's alliances, the proposals to answer, and proposing a new one. */
export function MemberHomePage(): ReactNode {
  const { t } = useTranslation(['activity', 'domain']);
  const { territoryId, actorId } = useTerritory();
  const actor = useActor(actorId);
  const alliances = useMemberAlliances();
  if (!actorId) {
    return (
      <>
        <PageHeader title={t('activity:member.title')} />
        <SinceLastVisit />
        <LinkRequestPanel />
      </>
    );
  }
  const items = alliances.data?.pages.flatMap((page) => page.items);
  return (
    <>
      <PageHeader
        title={t('activity:member.title')}
        subtitle={
          actor.data
            ? t('activity:member.subtitle', {
                name: actor.data.name,
                category: t(`domain:category.${actor.data.category}`),
              })
            : undefined
        }
        actions={
          <ButtonLink variant="primary" to={`/t/${territoryId}/alliances/proposer`}>
            {t('activity:propose.title')}
          </ButtonLink>
        }
      />
      <SinceLastVisit />
      <QueryView query={{ ...alliances, data: items }}>
        {(list) => {
          const mine = (alliance: Alliance) => alliance.proposerActorId === actorId;
          const incoming = list.filter((alliance) => alliance.status === 'proposed' && !mine(alliance));
          const outgoing = list.filter((alliance) => alliance.status === 'proposed' && mine(alliance));
          const discussion = list.filter((alliance) => alliance.status === 'under_discussion');
          const active = list.filter((alliance) => alliance.status === 'active');
          const closed = list.filter((alliance) => ['ended', 'declined', 'withdrawn'].includes(alliance.status));
          return (
            <>
              {incoming.length ? (
                <p className="alert alert-info" role="status">
                  {t('activity:member.toAnswer', { count: incoming.length })}
                </p>
              ) : null}
              <Group
                title={t('activity:member.incoming')}
                intro={t('activity:member.incomingIntro')}
                empty={t('activity:member.incomingEmpty')}
                alliances={incoming}
              />
              <Group
                title={t('activity:member.outgoing')}
                intro={t('activity:member.outgoingIntro')}
                empty={t('activity:member.outgoingEmpty')}
                alliances={outgoing}
              />
              <Group
                title={t('activity:member.discussion')}
                empty={t('activity:member.discussionEmpty')}
                alliances={discussion}
              />
              <Group
                title={t('activity:member.active')}
                intro={t('activity:member.activeIntro')}
                empty={t('activity:member.activeEmpty')}
                alliances={active}
                evaluate
              />
              <Group
                title={t('activity:member.closed')}
                empty={t('activity:member.closedEmpty')}
                alliances={closed}
                evaluate
              />
            </>
          );
        }}
      </QueryView>
      <LoadMore
        hasMore={Boolean(alliances.hasNextPage)}
        loading={alliances.isFetchingNextPage}
        onClick={() => void alliances.fetchNextPage()}
      />
      <ProfilePanel />
    </>
  );
}
