import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useTerritory } from '../../app/territory';
import {
  Badge,
  Button,
  ButtonLink,
  Empty,
  errorMessage,
  ErrorState,
  Loading,
  LoadMore,
  PageHeader,
  QueryView,
} from '../../ui/components';
import { formatDate } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { type Schemas } from '../../api/client';
import { type Actor } from './data';
import { fieldLabels } from './field-text';
import { isWebAddress } from './identifiers';
import { locationText } from './location-text';
import { profileNumber } from './profile-number';
import { Contacts } from './Contacts';
import { MergeDialog } from './MergeDialog';
import { useActor, useActorTimeline } from './queries';
import { useArchiveActor } from './mutations';
import { useActorAlliances } from '../activity/queries';

/** The actor's position, how precise it is, and (coordinators) the way to place it on the map. */
function Location({ actor }: { actor: Actor }): ReactNode {
  const { t } = useTranslation(['directory']);
  const { territoryId, isCoordinator } = useTerritory();
  return (
    <>
      {locationText(t, actor.location, actor.locationPrecision, profileNumber)}
      {actor.locationPrecision === 'commune' ? (
        <span className="actor-location-note muted">{t('directory:actor.approximateNote')}</span>
      ) : null}
      {isCoordinator && !actor.archivedAt ? (
        <span className="actor-location-note">
          <Link to={`/t/${territoryId}/carte?placer=${encodeURIComponent(actor.id)}`}>
            {t('directory:actor.placeOnMap')}
          </Link>
        </span>
      ) : null}
    </>
  );
}

function Identity({ actor }: { actor: Actor }): ReactNode {
  const { t } = useTranslation(['directory', 'domain']);
  const rows: [string, ReactNode][] = [[t('directory:fields.category'), t(`domain:category.${actor.category}`)]];
  if (actor.category === 'association' && actor.employer !== null)
    rows.push([t('directory:fields.employer'), actor.employer ? t('directory:actor.yes') : t('directory:actor.no')]);
  if (actor.category === 'company' && actor.sizeClass)
    rows.push([t('directory:fields.sizeClass'), t(`domain:sizeClass.${actor.sizeClass}`)]);
  rows.push([t('directory:fields.siren'), actor.siren ?? '—'], [t('directory:fields.siret'), actor.siret ?? '—']);
  if (actor.category === 'association') rows.push([t('directory:fields.rna'), actor.rna ?? '—']);
  rows.push(
    [
      t('directory:fields.nafCode'),
      actor.nafCode ? `${actor.nafCode}${actor.nafLabel ? ` — ${actor.nafLabel}` : ''}` : '—',
    ],
    [t('directory:fields.foundedOn'), actor.foundedOn ? formatDate(actor.foundedOn) : '—'],
    [t('directory:fields.address'), actor.address ?? '—'],
    [
      t('directory:fields.commune'),
      actor.communeCode ? (
        <>
          {actor.communeName ?? actor.communeCode} ({actor.communeCode})
          {actor.external ? <span className="muted"> {t('directory:actor.external')}</span> : null}
        </>
      ) : (
        '—'
      ),
    ],
    [
      t('directory:fields.website'),
      actor.website && isWebAddress(actor.website) ? (
        <a href={actor.website} target="_blank" rel="noreferrer noopener">
          {actor.website}
          <span className="visually-hidden"> {t('directory:actor.newWindow')}</span>
        </a>
      ) : (
        (actor.website ?? '—')
      ),
    ],
    [t('directory:fields.location'), <Location key="location" actor={actor} />],
    [
      t('directory:fields.fragilities'),
      actor.fragilities.length ? (
        <span className="row">
          {actor.fragilities.map((fragility) => (
            <Badge key={fragility}>{t(`domain:fragility.${fragility}`)}</Badge>
          ))}
        </span>
      ) : (
        '—'
      ),
    ],
    [
      t('directory:fields.tags'),
      actor.tags.length ? (
        <ul className="tag-list">
          {actor.tags.map((tag) => (
            <li key={tag}>{tag}</li>
          ))}
        </ul>
      ) : (
        '—'
      ),
    ],
  );
  return (
    <section className="card" aria-labelledby="actor-identity">
      <h2 id="actor-identity">{t('directory:actor.identity')}</h2>
      <dl className="identity-list">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h3>{t('directory:fields.description')}</h3>
      {actor.description ? (
        <p className="actor-description">{actor.description}</p>
      ) : (
        <p className="muted">{t('directory:actor.noDescription')}</p>
      )}
    </section>
  );
}

function Alliances({ actor }: { actor: Actor }): ReactNode {
  const { t } = useTranslation(['directory', 'domain']);
  const { territoryId } = useTerritory();
  const alliances = useActorAlliances(actor.id);
  const items = alliances.data?.pages.flatMap((page) => page.items);
  return (
    <>
      <QueryView
        query={{ ...alliances, data: items }}
        isEmpty={(list) => list.length === 0}
        empty={t('directory:actor.noAlliance')}
      >
        {(list) => (
          <ul className="plain-list">
            {list.map((alliance) => {
              const others = alliance.parties.filter((party) => party.actorId !== actor.id);
              return (
                <li key={alliance.id}>
                  <Link to={`/t/${territoryId}/alliances/${alliance.id}`}>{alliance.title}</Link>{' '}
                  <Badge tone={alliance.status === 'active' ? 'success' : 'neutral'}>
                    {t(`domain:allianceStatus.${alliance.status}`)}
                  </Badge>
                  <p className="muted small">
                    {alliance.modes.map((mode) => t(`domain:allianceMode.${mode}`)).join(', ')}
                    {others.length
                      ? ` · ${t('directory:actor.with', { names: others.map((party) => party.name).join(', ') })}`
                      : ''}
                  </p>
                </li>
              );
            })}
          </ul>
        )}
      </QueryView>
      <LoadMore
        hasMore={Boolean(alliances.hasNextPage)}
        loading={alliances.isFetchingNextPage}
        onClick={() => void alliances.fetchNextPage()}
      />
    </>
  );
}

/** A move on the actor's profile: who changed or asked what (fields in words), and a refusal's reason. */
function ProfileMove({ entry }: { entry: Schemas['TimelineEntryDto'] }): ReactNode {
  const { t } = useTranslation(['directory', 'domain']);
  const fields = fieldLabels(t, entry.fields);
  const move = t(`directory:timeline.profile.${entry.type}`, { defaultValue: t('directory:timeline.profile.edited') });
  return (
    <div>
      <p className="timeline-title">
        <span className="visually-hidden">
          {t('directory:timeline.kind', { kind: t('directory:timeline.profileKind') })}
        </span>
        {move} : {fields}
      </p>
      <p className="muted small">
        {t('directory:timeline.profileKind')} ·{' '}
        {entry.by ? t('directory:timeline.profile.by', { name: entry.by }) : t('directory:timeline.profile.byUnknown')}
        {entry.reason ? ` · ${t('directory:timeline.profile.reason', { reason: entry.reason })}` : null}
      </p>
    </div>
  );
}

function Timeline({ actor }: { actor: Actor }): ReactNode {
  const { t } = useTranslation(['directory']);
  const { territoryId, isCoordinator } = useTerritory();
  const timeline = useActorTimeline(actor.id);
  return (
    <QueryView query={timeline} isEmpty={(list) => list.length === 0} empty={t('directory:actor.noTimeline')}>
      {(list) => (
        <ol className="timeline">
          {list.map((entry) => {
            if (entry.kind === 'profile') {
              return (
                <li key={`${entry.kind}-${entry.type}-${entry.id}`}>
                  <time dateTime={entry.date}>{formatDate(entry.date)}</time>
                  <ProfileMove entry={entry} />
                </li>
              );
            }
            const kind = entry.kind === 'alliance' ? t('directory:timeline.alliance') : t('directory:timeline.action');
            const type =
              entry.kind === 'alliance'
                ? t(`domain:allianceStatus.${entry.type}`, { defaultValue: entry.type })
                : t(`domain:actionType.${entry.type}`, { defaultValue: entry.type });
            const href =
              entry.kind === 'alliance'
                ? `/t/${territoryId}/alliances/${entry.id}`
                : isCoordinator
                  ? `/t/${territoryId}/actions/${entry.id}`
                  : undefined;
            return (
              <li key={`${entry.kind}-${entry.id}`}>
                <time dateTime={entry.date}>{formatDate(entry.date)}</time>
                <div>
                  <p className="timeline-title">
                    <span className="visually-hidden">{t('directory:timeline.kind', { kind })}</span>
                    {href ? <Link to={href}>{entry.title}</Link> : entry.title}
                  </p>
                  <p className="muted small">
                    {kind} · {type} · {t('directory:timeline.role')}{' '}
                    {t(`domain:participantRole.${entry.role}`, { defaultValue: entry.role })}
                  </p>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </QueryView>
  );
}

/** « Proposer une alliance » with this actor: the propose page, prefilled with it. */
function ProposeAllianceLink({ actorId }: { actorId: string }): ReactNode {
  const { t } = useTranslation('directory');
  const { territoryId } = useTerritory();
  return (
    <ButtonLink variant="secondary" to={`/t/${territoryId}/alliances/proposer?avec=${encodeURIComponent(actorId)}`}>
      {t('actor.proposeAlliance')}
    </ButtonLink>
  );
}

/** One actor: identity, alliances, history, contacts; coordinators edit, archive and merge it. */
export function ActorPage(): ReactNode {
  const { actorId = '' } = useParams();
  const { t } = useTranslation(['directory', 'domain', 'common']);
  const { territoryId, isCoordinator, role, actorId: ownActor } = useTerritory();
  const query = useActor(territoryId, actorId);
  const notify = useNotify();
  const [merging, setMerging] = useState(false);
  const archive = useArchiveActor(actorId, {
    onSuccess: (actor) => {
      notify(
        'success',
        actor.archivedAt
          ? t('directory:actor.archivedDone', { name: actor.name })
          : t('directory:actor.unarchivedDone', { name: actor.name }),
      );
    },
    onError: (error) => notify('error', errorMessage(error, t)),
  });

  if (query.isPending) return <Loading />;
  if (query.error || !query.data)
    return (
      <>
        <PageHeader title={t('directory:actor.notFound')} />
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        <p>
          <Link to={`/t/${territoryId}/annuaire`}>{t('directory:actor.back')}</Link>
        </p>
      </>
    );
  const actor = query.data;
  const own = role === 'member' && ownActor === actor.id;
  const seesPrivate = isCoordinator || own;
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/t/${territoryId}/annuaire`}>{t('directory:actor.back')}</Link>
      </p>
      <PageHeader
        title={actor.name}
        subtitle={
          <span className="row">
            <Badge tone="info">{t(`domain:category.${actor.category}`)}</Badge>
            {actor.archivedAt ? (
              <Badge tone="warning">{t('directory:actor.archivedOn', { date: formatDate(actor.archivedAt) })}</Badge>
            ) : null}
            {actor.external ? <Badge>{t('directory:actor.external')}</Badge> : null}
          </span>
        }
        actions={
          isCoordinator ? (
            <>
              {actor.archivedAt ? null : <ProposeAllianceLink actorId={actor.id} />}
              <ButtonLink variant="primary" to={`/t/${territoryId}/annuaire/${actor.id}/modifier`}>
                {t('common:actions.edit')}
              </ButtonLink>
              {actor.archivedAt ? null : (
                <Button variant="secondary" onClick={() => setMerging(true)}>
                  {t('directory:merge.open')}
                </Button>
              )}
              <Button variant="secondary" busy={archive.isPending} onClick={() => archive.mutate(!actor.archivedAt)}>
                {actor.archivedAt ? t('directory:actor.unarchive') : t('directory:actor.archive')}
              </Button>
            </>
          ) : role === 'member' && ownActor && !own && !actor.archivedAt ? (
            <ProposeAllianceLink actorId={actor.id} />
          ) : undefined
        }
      />
      {actor.archivedAt ? <p className="alert alert-warning">{t('directory:actor.archivedNotice')}</p> : null}
      <div className="actor-layout">
        <Identity actor={actor} />
        <div>
          <section className="card" aria-labelledby="actor-alliances">
            <h2 id="actor-alliances">
              {t('directory:actor.alliances')}
              {actor.allianceCount !== null ? (
                <span className="muted small">
                  {' '}
                  ({t('directory:actor.openAlliances', { count: actor.allianceCount })})
                </span>
              ) : null}
            </h2>
            {seesPrivate ? <Alliances actor={actor} /> : <Empty>{t('directory:actor.alliancesHidden')}</Empty>}
          </section>
          <section className="card" aria-labelledby="actor-contacts">
            <h2 id="actor-contacts" tabIndex={-1}>
              {t('directory:contacts.title')}
            </h2>
            {seesPrivate ? (
              <Contacts actorId={actor.id} canManage={isCoordinator || own} headingId="actor-contacts" />
            ) : (
              <Empty>{t('directory:contacts.hidden')}</Empty>
            )}
          </section>
        </div>
      </div>
      <section className="card" aria-labelledby="actor-timeline">
        <h2 id="actor-timeline">{t('directory:actor.timeline')}</h2>
        {seesPrivate ? <Timeline actor={actor} /> : <Empty>{t('directory:actor.timelineHidden')}</Empty>}
      </section>
      {isCoordinator ? <MergeDialog actor={actor} open={merging} onClose={() => setMerging(false)} /> : null}
    </>
  );
}
