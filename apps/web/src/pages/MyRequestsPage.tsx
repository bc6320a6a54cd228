import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAuth } from '../auth/auth';
import { PageHeader, QueryView } from '../ui/components';
import { formatDate } from '../ui/format';
import { useMyJoinRequests } from './queries';

/**
 * The home of someone signed in with no territory yet: their join requests, the
 * pending ones waiting for a territory's coordination, the refused ones with
 * their reason, the accepted ones opening their territory.
 */
export function MyRequestsPage(): ReactNode {
  const { t } = useTranslation();
  const { me, refetch } = useAuth();
  const requests = useMyJoinRequests(true);
  const isMember = (territoryId: string) => me?.memberships.some((item) => item.territoryId === territoryId) ?? false;
  // Accepted since the session began: the memberships are read again, so the territory opens.
  const acceptedMeanwhile =
    requests.data?.some((request) => request.status === 'accepted' && !isMember(request.territory.id)) ?? false;
  useEffect(() => {
    if (acceptedMeanwhile) void refetch();
  }, [acceptedMeanwhile, refetch]);
  const noTerritory = me?.memberships.length === 0;
  return (
    <>
      <PageHeader title={t('myRequests.title')} subtitle={me ? `${me.user.name} · ${me.user.email}` : undefined} />
      <QueryView query={requests}>
        {(list) => {
          const pending = list.filter((request) => request.status === 'pending');
          return (
            <>
              {pending.map((request) => (
                <p key={request.id} className="alert alert-info" role="status">
                  {t(request.actorName ? 'myRequests.waiting' : 'myRequests.waitingNoActor', {
                    territory: request.territory.name,
                    actor: request.actorName ?? '',
                  })}
                </p>
              ))}
              {list.length === 0 ? (
                <p className="alert alert-info" role="status">
                  {t(noTerritory ? 'myRequests.none' : 'myRequests.empty')}
                </p>
              ) : (
                <section className="card" aria-labelledby="my-requests-title">
                  <h2 id="my-requests-title">{t('myRequests.list')}</h2>
                  <ul className="request-list">
                    {list.map((request) => (
                      <li key={request.id}>
                        <p>
                          <strong>{request.territory.name}</strong>
                          {request.actorName ? ` — ${t('myRequests.as', { actor: request.actorName })}` : ''}
                        </p>
                        <p>
                          {t(`myRequests.status.${request.status}`)} —{' '}
                          {t('myRequests.sent', { date: formatDate(request.createdAt) })}
                          {request.reviewedAt
                            ? ` — ${t('myRequests.reviewed', { date: formatDate(request.reviewedAt) })}`
                            : ''}
                        </p>
                        {request.status === 'refused' && request.reason ? (
                          <p>{t('myRequests.reason', { reason: request.reason })}</p>
                        ) : null}
                        {request.status === 'accepted' && isMember(request.territory.id) ? (
                          <p>
                            <Link to={`/t/${request.territory.id}`}>
                              {t('myRequests.open', { territory: request.territory.name })}
                            </Link>
                          </p>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                </section>
              )}
            </>
          );
        }}
      </QueryView>
    </>
  );
}
