import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, FormErrors, PageHeader, QueryView, TextArea } from '../../ui/components';
import { formatDateTime } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { profileFieldLabel, profileFieldValue } from '../activity/profile-change';
import { useReviewRequest, type RequestKind } from './mutations';
import { usePendingRequests } from './queries';

interface Item {
  id: string;
  createdAt: string;
  title: string;
  detail: string;
}

/** One queue: each request with accept and refuse (a refusal asks for its reason). */
function Queue({ kind, title, items }: { kind: RequestKind; title: string; items: Item[] }): ReactNode {
  const { t } = useTranslation('workspace');
  const notify = useNotify();
  const [refusing, setRefusing] = useState<Item | null>(null);
  const [reason, setReason] = useState('');
  const review = useReviewRequest(kind, {
    onSuccess: (_result, variables) => {
      setRefusing(null);
      setReason('');
      notify('success', t(variables.accept ? 'requests.accepted' : 'requests.refused'));
    },
  });
  return (
    <section className="card ws-card" aria-labelledby={`queue-${kind}`}>
      <h2 id={`queue-${kind}`}>
        {title} <span className="kanban-count">({items.length})</span>
      </h2>
      {items.length === 0 ? (
        <p className="muted">{t('requests.empty')}</p>
      ) : (
        <ul className="request-list">
          {items.map((item) => (
            <li key={item.id}>
              <p>
                <strong>{item.title}</strong> — {formatDateTime(item.createdAt)}
              </p>
              {item.detail ? <p>{item.detail}</p> : null}
              <div className="row">
                <Button busy={review.isPending} onClick={() => review.mutate({ id: item.id, accept: true })}>
                  {t('requests.accept')}
                  <span className="visually-hidden"> {item.title}</span>
                </Button>
                <Button variant="danger" onClick={() => setRefusing(item)}>
                  {t('requests.refuse')}
                  <span className="visually-hidden"> {item.title}</span>
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {review.error && !refusing ? <FormErrors error={review.error} /> : null}
      <Dialog open={refusing !== null} title={t('requests.refuseTitle')} onClose={() => setRefusing(null)}>
        {refusing ? (
          <form
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              review.mutate({ id: refusing.id, accept: false, reason: reason.trim() });
            }}
          >
            <FormErrors error={review.error} />
            <p>{refusing.title}</p>
            <TextArea
              label={t('requests.reason')}
              hint={t('requests.reasonHint')}
              required
              maxLength={2000}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
            <div className="form-actions">
              <Button type="submit" variant="danger" busy={review.isPending}>
                {t('requests.refuse')}
              </Button>
            </div>
          </form>
        ) : null}
      </Dialog>
    </section>
  );
}

/** The coordination's queue: link requests, join requests and profile changes awaiting a decision. */
export function RequestsPage(): ReactNode {
  const { t } = useTranslation('workspace');
  const { link, join, profile } = usePendingRequests();
  return (
    <>
      <PageHeader title={t('requests.title')} subtitle={t('requests.intro')} />
      <QueryView query={join}>
        {(page) => (
          <Queue
            kind="join"
            title={t('requests.join')}
            items={page.items.map((item) => ({
              id: item.id,
              createdAt: item.createdAt,
              title: t('requests.joinTitle', {
                name: item.user.name,
                email: item.user.email,
                actor: item.actorName ?? '',
              }),
              detail: [item.actorId ? '' : t('requests.newActor'), item.message].filter(Boolean).join(' — '),
            }))}
          />
        )}
      </QueryView>
      <QueryView query={link}>
        {(page) => (
          <Queue
            kind="link"
            title={t('requests.link')}
            items={page.items.map((item) => ({
              id: item.id,
              createdAt: item.createdAt,
              title: t('requests.linkTitle', {
                name: item.user.name,
                actor: item.actorName ?? item.description,
              }),
              detail: item.actorId ? item.message : t('requests.describedOnly'),
            }))}
          />
        )}
      </QueryView>
      <QueryView query={profile}>
        {(page) => (
          <Queue
            kind="profile"
            title={t('requests.profile')}
            items={page.items.map((item) => ({
              id: item.id,
              createdAt: item.createdAt,
              title: t('requests.profileTitle', { actor: item.actorName, name: item.requestedBy?.name ?? '' }),
              detail: Object.entries(item.changes)
                .map(
                  ([field, change]) =>
                    `${profileFieldLabel(t, field)} : ${profileFieldValue(t, field, change.old)} → ${profileFieldValue(t, field, change.new)}`,
                )
                .join(' ; '),
            }))}
          />
        )}
      </QueryView>
    </>
  );
}
