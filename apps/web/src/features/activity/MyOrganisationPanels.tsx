import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type Schemas } from '../../api/client';
import { useAuth } from '../../auth/auth';
import { Badge, Button, fieldErrors, FormErrors, TextArea, TextField } from '../../ui/components';
import { formatDate } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { ActorPicker, type PickedActor } from '../workspace/ActorPicker';
import { useAskLink, useEditMyOrganisation } from './mutations';
import { profileFieldLabel, profileFieldValue } from './profile-change';
import { useMyLinkRequests, useMyOrganisation } from './queries';

/**
 * A member whose account is linked to no organisation asks the coordination to
 * link it: an organisation of the directory, or one described in words. The
 * last request's state (pending, refused with its reason) is shown.
 */
export function LinkRequestPanel(): ReactNode {
  const { t } = useTranslation('activity');
  const notify = useNotify();
  const { refetch } = useAuth();
  const requests = useMyLinkRequests();
  const [actor, setActor] = useState<PickedActor | null>(null);
  const [message, setMessage] = useState('');
  const ask = useAskLink({
    onSuccess: () => {
      setActor(null);
      setMessage('');
      notify('success', t('link.sent'));
    },
  });
  const last = requests.data?.items[0];
  // Linked meanwhile: the account's memberships (and so this page) follow.
  const linked = last?.status === 'accepted';
  useEffect(() => {
    if (linked) void refetch();
  }, [linked, refetch]);
  function submit(event: FormEvent) {
    event.preventDefault();
    ask.mutate({ ...(actor ? { actorId: actor.id } : {}), ...(message.trim() ? { message: message.trim() } : {}) });
  }
  return (
    <section className="card" aria-labelledby="link-title">
      <h2 id="link-title">{t('member.noLinkTitle')}</h2>
      {last?.status === 'pending' ? (
        <p className="alert alert-info" role="status">
          {t('link.pending', {
            date: formatDate(last.createdAt),
            name: last.actorName ?? last.description,
          })}
        </p>
      ) : (
        <>
          {last?.status === 'refused' ? (
            <p className="alert alert-warning" role="status">
              {t('link.refused', { reason: last.reason ?? '' })}
            </p>
          ) : null}
          <p>{t('link.intro')}</p>
          <form noValidate onSubmit={submit}>
            <FormErrors error={ask.error} />
            <ActorPicker
              label={t('link.actor')}
              hint={t('link.actorHint')}
              value={actor}
              onChange={setActor}
              errors={fieldErrors(ask.error, 'actorId')}
            />
            <TextArea
              label={t('link.message')}
              hint={t('link.messageHint')}
              value={message}
              maxLength={2000}
              onChange={(event) => setMessage(event.target.value)}
              errors={fieldErrors(ask.error, 'message')}
            />
            <Button type="submit" disabled={ask.isPending}>
              {t('link.send')}
            </Button>
          </form>
        </>
      )}
    </section>
  );
}

type Actor = Schemas['ActorDto'];

const PUBLIC_FIELDS = ['description', 'website', 'address'] as const;
const REVIEWED_FIELDS = ['name', 'siret', 'rna'] as const;

/** The texts the form edits, as the actor holds them. */
function formValues(actor: Actor): Record<string, string> {
  return {
    description: actor.description,
    website: actor.website ?? '',
    address: actor.address ?? '',
    tags: actor.tags.join(', '),
    name: actor.name,
    siret: actor.siret ?? '',
    rna: actor.rna ?? '',
  };
}

/**
 * The member edits its organisation's profile: the public fields change at once,
 * the identity fields go to the coordination, whose pending review is listed.
 */
export function ProfilePanel(): ReactNode {
  const { t } = useTranslation('activity');
  const notify = useNotify();
  const organisation = useMyOrganisation();
  const [values, setValues] = useState<Record<string, string> | null>(null);
  const edit = useEditMyOrganisation(organisation.data?.actor.version ?? 0, {
    onSuccess: (result) => {
      setValues(null);
      notify('success', result.pendingChanges.length > 0 ? t('profile.sentForReview') : t('profile.saved'));
    },
  });
  if (!organisation.data) return null;
  const { actor, pendingChanges } = organisation.data;
  const initial = formValues(actor);
  const current = values ?? initial;
  const set = (field: string) => (event: { target: { value: string } }) =>
    setValues({ ...current, [field]: event.target.value });
  function submit(event: FormEvent) {
    event.preventDefault();
    const body: Record<string, unknown> = {};
    for (const field of [...PUBLIC_FIELDS, ...REVIEWED_FIELDS]) {
      if (current[field] === initial[field]) continue;
      const text = (current[field] ?? '').trim();
      body[field] = field === 'description' || field === 'name' ? text : text || null;
    }
    if (current.tags !== initial.tags) {
      body.tags = (current.tags ?? '')
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean);
    }
    edit.mutate(body as Schemas['UpdateMyOrganisationDto']);
  }
  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">{t('profile.title')}</h2>
      <p className="muted">{t('profile.intro')}</p>
      {pendingChanges.length > 0 ? (
        <div className="alert alert-info" role="status">
          <p>{t('profile.pending', { count: pendingChanges.length })}</p>
          <ul>
            {pendingChanges.map((change) => (
              <li key={change.id}>
                {Object.entries(change.changes)
                  .map(([field, value]) => `${profileFieldLabel(t, field)} : ${profileFieldValue(t, field, value.new)}`)
                  .join(' ; ')}{' '}
                <Badge>{formatDate(change.createdAt)}</Badge>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form noValidate onSubmit={submit}>
        <FormErrors error={edit.error} />
        <fieldset>
          <legend>{t('profile.public')}</legend>
          <TextArea
            label={t('profile.fields.description')}
            value={current.description}
            maxLength={10000}
            onChange={set('description')}
            errors={fieldErrors(edit.error, 'description')}
          />
          <TextField
            label={t('profile.fields.website')}
            type="url"
            value={current.website}
            onChange={set('website')}
            errors={fieldErrors(edit.error, 'website')}
          />
          <TextField
            label={t('profile.fields.address')}
            value={current.address}
            onChange={set('address')}
            errors={fieldErrors(edit.error, 'address')}
          />
          <TextField
            label={t('profile.fields.tags')}
            hint={t('profile.tagsHint')}
            value={current.tags}
            onChange={set('tags')}
            errors={fieldErrors(edit.error, 'tags')}
          />
        </fieldset>
        <fieldset>
          <legend>{t('profile.reviewed')}</legend>
          <p className="field-hint">{t('profile.reviewedHint')}</p>
          <TextField
            label={t('profile.fields.name')}
            value={current.name}
            onChange={set('name')}
            errors={fieldErrors(edit.error, 'name')}
          />
          <TextField
            label={t('profile.fields.siret')}
            inputMode="numeric"
            value={current.siret}
            onChange={set('siret')}
            errors={fieldErrors(edit.error, 'siret')}
          />
          <TextField
            label={t('profile.fields.rna')}
            value={current.rna}
            onChange={set('rna')}
            errors={fieldErrors(edit.error, 'rna')}
          />
        </fieldset>
        <Button type="submit" disabled={edit.isPending || values === null}>
          {t('profile.save')}
        </Button>
      </form>
    </section>
  );
}
