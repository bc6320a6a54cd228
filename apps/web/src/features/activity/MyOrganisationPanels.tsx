import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { FormProvider } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { type Schemas } from '../../api/client';
import { useAuth } from '../../auth/auth';
import { Badge, Button, fieldErrors, FormErrors, TextArea } from '../../ui/components';
import { formatDate } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { actorBody, actorFormValues, profilePatch, type ProfilePatch } from '../directory/actor-form-schema';
import {
  CommuneField,
  IdentifierFields,
  IdentityFields,
  IssuesFields,
  LocationFields,
  ReloadOnConflict,
} from '../directory/ActorFormFields';
import { Contacts } from '../directory/Contacts';
import { changesText, fieldLabels } from '../directory/field-text';
import { profileNumber } from '../directory/profile-number';
import { useActorForm } from '../directory/useActorForm';
import { ActorPicker, type PickedActor } from '../workspace/ActorPicker';
import { useAskLink, useEditMyOrganisation } from './mutations';
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

/** What the last save did: the fields applied at once, and those sent to the coordination. */
interface SaveOutcome {
  applied: string[];
  awaiting: string[];
}

/**
 * The profile form: the directory's actor schema and fields (react-hook-form + zod), the
 * public ones first, then those the coordination reviews. One PATCH carries what changed.
 */
function ProfileForm({
  actor,
  onSaved,
  onReload,
}: {
  actor: Actor;
  onSaved: (outcome: SaveOutcome) => void;
  onReload: () => void;
}): ReactNode {
  const { t } = useTranslation(['activity', 'directory']);
  const notify = useNotify();
  const [sent, setSent] = useState<ProfilePatch | null>(null);
  const edit = useEditMyOrganisation(actor.version, {
    onSuccess: (result) => {
      const reviewed = sent?.reviewed ?? [];
      const awaiting = reviewed.filter((field) => result.pendingChanges.some((change) => field in change.changes));
      onSaved({ applied: sent?.applied ?? [], awaiting });
      notify('success', awaiting.length > 0 ? t('activity:profile.sentForReview') : t('activity:profile.saved'));
    },
  });
  const { form, fields, error, onSubmit, shownAtFields, labelOf } = useActorForm(actor, edit.error);
  const saved = useMemo(() => actorBody(actorFormValues(actor)), [actor]);
  const [nothing, setNothing] = useState(false);
  return (
    <FormProvider {...form}>
      <form
        noValidate
        className="actor-form"
        onSubmit={onSubmit((body) => {
          const patch = profilePatch(saved, body);
          setNothing(patch.applied.length + patch.reviewed.length === 0);
          if (patch.applied.length + patch.reviewed.length === 0) return;
          setSent(patch);
          edit.mutate(patch.body);
        })}
      >
        {/* The priorities are the coordination's: not among this form's fields. */}
        <FormErrors
          error={error}
          shownAtFields={shownAtFields.filter((field) => field !== 'priorityIds')}
          labelOf={labelOf}
        />
        {nothing ? (
          <p className="alert alert-info" role="status">
            {t('activity:profile.nothing')}
          </p>
        ) : null}
        <ReloadOnConflict error={edit.error} onReload={onReload} />
        <h3>{t('activity:profile.public')}</h3>
        <p className="field-hint">{t('activity:profile.publicHint')}</p>
        <LocationFields {...fields} withCommune={false} />
        <IssuesFields {...fields} withPriorities={false} />
        <h3>{t('activity:profile.reviewed')}</h3>
        <p className="field-hint">{t('activity:profile.reviewedHint')}</p>
        <IdentityFields {...fields} />
        <IdentifierFields {...fields} />
        <fieldset className="card">
          <legend>{t('directory:fields.commune')}</legend>
          <div className="form-grid">
            <CommuneField {...fields} />
          </div>
        </fieldset>
        <div className="form-actions">
          <Button type="submit" busy={edit.isPending}>
            {t('activity:profile.save')}
          </Button>
        </div>
      </form>
    </FormProvider>
  );
}

/**
 * The member edits its organisation's profile: the public fields change at once, the identity
 * and counted fields go to the coordination, whose pending review is listed; the contact
 * persons (with their consent) are kept apart, each added or removed at once.
 */
export function ProfilePanel(): ReactNode {
  const { t } = useTranslation(['activity', 'directory', 'domain']);
  const organisation = useMyOrganisation();
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  const [generation, setGeneration] = useState(0);
  if (!organisation.data) return null;
  const { actor, pendingChanges } = organisation.data;
  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">{t('activity:profile.title')}</h2>
      <p className="muted">{t('activity:profile.intro')}</p>
      {outcome ? (
        <div className="alert alert-success" role="status">
          {outcome.applied.length > 0 ? (
            <p>{t('activity:profile.applied', { fields: fieldLabels(t, outcome.applied) })}</p>
          ) : null}
          {outcome.awaiting.length > 0 ? (
            <p>{t('activity:profile.awaiting', { fields: fieldLabels(t, outcome.awaiting) })}</p>
          ) : null}
        </div>
      ) : null}
      {pendingChanges.length > 0 ? (
        <div className="alert alert-info" role="status">
          <p>{t('activity:profile.pending', { count: pendingChanges.length })}</p>
          <ul>
            {pendingChanges.map((change) => (
              <li key={change.id}>
                {changesText(t, change.changes, true, profileNumber)} <Badge>{formatDate(change.createdAt)}</Badge>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ProfileForm
        key={`${actor.version}-${generation}`}
        actor={actor}
        onSaved={(saved) => {
          setOutcome(saved);
          // The form starts again from the saved profile (the fields sent for review are listed above).
          setGeneration((current) => current + 1);
        }}
        onReload={() => void organisation.refetch().then(() => setGeneration((current) => current + 1))}
      />
      <h3 id="profile-contacts" tabIndex={-1}>
        {t('directory:contacts.title')}
      </h3>
      <p className="field-hint">{t('activity:profile.contactsHint')}</p>
      <Contacts actorId={actor.id} canManage headingId="profile-contacts" />
    </section>
  );
}
