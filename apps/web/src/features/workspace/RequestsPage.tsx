import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTerritory } from '../../app/territory';
import { Button, Dialog, fieldErrors, FormErrors, PageHeader, QueryView, TextArea } from '../../ui/components';
import { formatDateTime } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { changesText } from '../directory/field-text';
import { profileNumber } from '../directory/profile-number';
import { ActorPicker, type PickedActor } from './ActorPicker';
import { useReviewRequest, type RequestKind } from './mutations';
import { usePendingRequests } from './queries';
import { HelpLink } from '../help/HelpPages';

interface Item {
  id: string;
  createdAt: string;
  title: string;
  detail: string;
  /** A link request describing its organisation in words: the coordinator picks (or creates) the actor first. */
  pickActor?: boolean;
}

/** The organisation to link a described-only request to: searched in the directory, or created in another tab. */
function PickActor({
  value,
  onChange,
  errors,
}: {
  value: PickedActor | null;
  onChange: (actor: PickedActor | null) => void;
  errors?: string[];
}): ReactNode {
  const { t } = useTranslation('workspace');
  const { territoryId } = useTerritory();
  return (
    <div className="request-pick">
      <ActorPicker
        label={t('requests.pickActor')}
        hint={t('requests.pickActorHint')}
        value={value}
        onChange={onChange}
        errors={errors}
      />
      <p>
        <Link to={`/t/${territoryId}/annuaire/nouveau`} target="_blank" rel="noopener">
          {t('requests.createActor')}
        </Link>
      </p>
    </div>
  );
}

/** One queue: each request with accept and refuse (a refusal asks for its reason). */
function Queue({ kind, title, items }: { kind: RequestKind; title: string; items: Item[] }): ReactNode {
  const { t } = useTranslation('workspace');
  const { territoryId } = useTerritory();
  const notify = useNotify();
  const [refusing, setRefusing] = useState<Item | null>(null);
  const [reason, setReason] = useState('');
  const [picked, setPicked] = useState<Record<string, PickedActor | null>>({});
  const [reviewing, setReviewing] = useState<string | null>(null);
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
        <p className="muted">
          {t('requests.empty')} {t('requests.emptyNext')}{' '}
          <Link to={`/t/${territoryId}/membres`}>{t('requests.emptyLink')}</Link>
        </p>
      ) : (
        <ul className="request-list">
          {items.map((item) => (
            <li key={item.id}>
              <p>
                <strong>{item.title}</strong> — {formatDateTime(item.createdAt)}
              </p>
              {item.detail ? <p>{item.detail}</p> : null}
              {item.pickActor ? (
                <PickActor
                  value={picked[item.id] ?? null}
                  onChange={(actor) => setPicked((current) => ({ ...current, [item.id]: actor }))}
                  errors={reviewing === item.id ? fieldErrors(review.error, 'actorId') : undefined}
                />
              ) : null}
              <div className="row">
                <Button
                  busy={review.isPending && reviewing === item.id}
                  onClick={() => {
                    setReviewing(item.id);
                    const actorId = picked[item.id]?.id;
                    review.mutate({ id: item.id, accept: true, ...(actorId ? { actorId } : {}) });
                  }}
                >
                  {t('requests.accept')}
                  <span className="visually-hidden"> {item.title}</span>
                </Button>
                <Button
                  variant="danger"
                  onClick={() => {
                    setReviewing(item.id);
                    setRefusing(item);
                  }}
                >
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
  const { t } = useTranslation(['workspace', 'directory', 'domain']);
  const { link, join, profile } = usePendingRequests();
  return (
    <>
      <PageHeader title={t('requests.title')} subtitle={t('requests.intro')} actions={<HelpLink area="membres" />} />
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
              pickActor: !item.actorId,
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
              detail: changesText(t, item.changes, true, profileNumber),
            }))}
          />
        )}
      </QueryView>
    </>
  );
}
