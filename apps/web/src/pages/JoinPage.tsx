import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useMemo, useState, type ComponentProps, type ReactNode } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ACTOR_CATEGORIES } from '@maillage/contract';
import { ApiError, type Schemas } from '../api/client';
import { useTokenFromQuery } from '../app/query-token';
import { useAuth } from '../auth/auth';
import { Button, ErrorState, fieldErrors, FormErrors, Loading, PageHeader, TextField } from '../ui/components';
import { FormSelectField, FormTextArea, FormTextField } from '../ui/form-fields';
import { formatDate } from '../ui/format';
import { useNotify } from '../ui/notices';
import { joinFormSchema, joinFormValues, type JoinFormValues } from './join/schema';
import {
  useConfirmJoin,
  useJoinAsNewAccount,
  useJoinAsUser,
  useJoinTerritory,
  useMyJoinRequests,
  usePublicActors,
} from './queries';

type Body = Schemas['JoinAsNewAccountDto'];

/** Picks one of the territory's organisations by name (only names and communes are public). */
function OrganisationSearch({
  token,
  value,
  onPick,
  errors,
}: {
  token: string;
  value: string;
  onPick: (id: string) => void;
  errors?: string[];
}): ReactNode {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setTerm(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const actors = usePublicActors(token, term);
  return (
    <div>
      <TextField
        label={t('join.search')}
        hint={t('join.searchHint')}
        value={text}
        onChange={(event) => setText(event.target.value)}
        errors={errors}
      />
      {actors.data ? (
        <fieldset className="field">
          <legend>{t('join.results', { count: actors.data.items.length })}</legend>
          {actors.data.items.map((actor) => (
            <div key={actor.id} className="checkbox">
              <input
                type="radio"
                id={`join-actor-${actor.id}`}
                name="join-actor"
                checked={value === actor.id}
                onChange={() => onPick(actor.id)}
              />
              <label htmlFor={`join-actor-${actor.id}`}>
                {actor.name}
                {actor.communeName ? ` (${actor.communeName})` : ''}
              </label>
            </div>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}

/**
 * The public join page of a territory's join link: the territory's name, one's
 * organisation (picked among its organisations, or described), a word to the
 * coordination, and an account (or the signed-in one). The request then waits
 * for the coordination; the page says so.
 */
export function JoinPage(): ReactNode {
  const { token = '' } = useParams();
  const { t } = useTranslation(['common', 'domain']);
  const { signedIn, me } = useAuth();
  const territory = useJoinTerritory(token);
  const withAccount = !(signedIn && me);
  const schema = useMemo(() => joinFormSchema(t, withAccount), [t, withAccount]);
  const form = useForm<JoinFormValues, unknown, Body>({
    resolver: zodResolver(schema),
    defaultValues: joinFormValues(),
  });
  const [sent, setSent] = useState(false);
  const [mailedTo, setMailedTo] = useState<string | null>(null);
  const create = useJoinAsNewAccount(token, {
    onSuccess: (answer) => (answer.outcome === 'joined' ? setSent(true) : setMailedTo(answer.email)),
  });
  const asUser = useJoinAsUser(token, { onSuccess: () => setSent(true) });
  const mine = useMyJoinRequests(sent && !withAccount);
  const mode = useWatch({ control: form.control, name: 'mode' });
  const actorId = useWatch({ control: form.control, name: 'actorId' });
  const error = withAccount ? create.error : asUser.error;
  const accountExists = error instanceof ApiError && error.problem.code === 'account_exists';
  const fieldError = (field: string) => [
    ...(form.formState.errors[field as keyof JoinFormValues]?.message
      ? [String(form.formState.errors[field as keyof JoinFormValues]?.message)]
      : []),
    ...(fieldErrors(error, field) ?? []),
  ];
  /** A text field of the form, with its own and the API's messages. */
  const textField = (
    path: keyof JoinFormValues,
    props: Omit<ComponentProps<typeof FormTextField>, 'control' | 'path'>,
  ) => <FormTextField control={form.control} path={path} errors={fieldError(path)} {...props} />;
  if (territory.isPending) return <Loading />;
  if (territory.isError) {
    return (
      <section className="card narrow">
        <PageHeader title={t('join.title')} />
        <ErrorState error={territory.error} />
      </section>
    );
  }
  const name = territory.data.name;
  if (mailedTo) {
    return (
      <section className="card narrow">
        <PageHeader title={t('join.checkMailTitle')} />
        <p className="alert alert-info" role="status">
          {t('join.checkMail', { email: mailedTo, name })}
        </p>
        <p>{t('join.checkMailHint')}</p>
      </section>
    );
  }
  if (sent) {
    const pending = mine.data?.find((request) => request.territory.id === territory.data.territoryId);
    return (
      <section className="card narrow">
        <PageHeader title={t('join.pendingTitle')} />
        <p className="alert alert-info" role="status">
          {t('join.pending', { name })}
        </p>
        {pending ? <p>{t('join.pendingSince', { date: formatDate(pending.createdAt) })}</p> : null}
        <p>
          <Link to="/mes-demandes">{t('join.follow')}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="card narrow">
      <PageHeader title={t('join.title')} subtitle={t('join.intro', { name })} />
      <form
        noValidate
        onSubmit={form.handleSubmit((body) => {
          if (withAccount) create.mutate(body);
          else {
            const { name: _name, email: _email, password: _password, ...request } = body;
            asUser.mutate(request);
          }
        })}
      >
        {accountExists ? (
          <div className="alert alert-info" role="alert">
            {t('join.accountExists')}{' '}
            <Link to="/connexion" state={{ from: `/rejoindre/${token}` }}>
              {t('auth.login.submit')}
            </Link>
          </div>
        ) : (
          <FormErrors error={error} />
        )}
        <fieldset>
          <legend>{t('join.organisation')}</legend>
          <FormSelectField
            control={form.control}
            path="mode"
            label={t('join.mode')}
            options={[
              { value: 'existing', label: t('join.existing') },
              { value: 'new', label: t('join.new') },
            ]}
          />
          {mode === 'existing' ? (
            <OrganisationSearch
              token={token}
              value={actorId}
              onPick={(id) => form.setValue('actorId', id, { shouldValidate: form.formState.isSubmitted })}
              errors={fieldError('actorId')}
            />
          ) : (
            <>
              <FormSelectField
                control={form.control}
                path="category"
                label={t('join.category')}
                options={ACTOR_CATEGORIES.map((value) => ({ value, label: t(`domain:category.${value}`) }))}
              />
              {textField('actorName', { label: t('join.actorName'), required: true })}
              {textField('communeCode', { label: t('join.commune'), hint: t('join.communeHint') })}
              {textField('siret', { label: t('join.siret'), inputMode: 'numeric' })}
            </>
          )}
          <FormTextArea control={form.control} path="message" label={t('join.message')} maxLength={2000} />
        </fieldset>
        {withAccount ? (
          <fieldset>
            <legend>{t('join.account')}</legend>
            {textField('name', { label: t('auth.name'), autoComplete: 'name', required: true })}
            {textField('email', { label: t('join.email'), type: 'email', autoComplete: 'email', required: true })}
            {textField('password', {
              label: t('auth.password'),
              hint: t('auth.passwordHint'),
              type: 'password',
              autoComplete: 'new-password',
              required: true,
            })}
          </fieldset>
        ) : (
          <p>{t('join.asUser', { name: me?.user.name ?? '' })}</p>
        )}
        <Button type="submit" busy={create.isPending || asUser.isPending}>
          {t('join.submit')}
        </Button>
      </form>
    </section>
  );
}

/**
 * The link mailed to a new address (`/rejoindre/confirmer?jeton=…`): one button confirms it (a
 * mail scanner opening the link confirms nothing), then the person is signed in and follows
 * their request.
 */
export function ConfirmJoinPage(): ReactNode {
  const { t } = useTranslation();
  const token = useTokenFromQuery('jeton');
  const navigate = useNavigate();
  const notify = useNotify();
  const [password, setPassword] = useState('');
  const confirm = useConfirmJoin({
    onSuccess: () => {
      notify('success', t('join.confirmDone'));
      void navigate('/mes-demandes', { replace: true });
    },
  });
  return (
    <section className="card narrow">
      <PageHeader title={t('join.confirmTitle')} subtitle={token ? t('join.confirmIntro') : undefined} />
      {!token ? (
        <div className="alert alert-error" role="alert">
          {t('join.confirmNoToken')}
        </div>
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            confirm.mutate({ token, password });
          }}
        >
          <FormErrors error={confirm.error} shownAtFields={['password']} />
          <TextField
            label={t('join.confirmPassword')}
            hint={t('join.confirmPasswordHint')}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            errors={fieldErrors(confirm.error, 'password')}
          />
          <Button type="submit" busy={confirm.isPending}>
            {t('join.confirmSubmit')}
          </Button>
        </form>
      )}
    </section>
  );
}
