import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { useAuth } from '../auth/auth';
import { Button, fieldErrors, FormErrors, PageHeader, TextField } from '../ui/components';
import { formatDate } from '../ui/format';
import { useAcceptInvitation, useInvitationPreview, useJoinInvitation } from './queries';

type Preview = NonNullable<ReturnType<typeof useInvitationPreview>['data']>;

/** What the invitation invites to, in words: the territory, the role, the organisation, who invited. */
function InvitationSummary({ preview }: { preview: Preview }): ReactNode {
  const { t } = useTranslation(['common', 'domain']);
  const date = formatDate(preview.expiresAt);
  return (
    <div className="invitation-summary">
      <p>
        {t('auth.invitation.what', {
          territory: preview.territory.name,
          kind: t(`domain:territoryKind.${preview.territory.kind}`).toLocaleLowerCase('fr'),
          role: t(`auth.invitation.roles.${preview.role}`),
        })}
      </p>
      {preview.organisation ? (
        <p>{t('auth.invitation.forOrganisation', { organisation: preview.organisation })}</p>
      ) : null}
      <p className="muted">
        {preview.invitedBy
          ? t('auth.invitation.by', { name: preview.invitedBy, email: preview.email, date })
          : t('auth.invitation.byUnknown', { email: preview.email, date })}
      </p>
    </div>
  );
}

/**
 * Accepting an invitation: a signed-in person joins with their account; someone
 * new creates theirs (name and password), then signs in.
 */
export function InvitationPage(): ReactNode {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  const { signedIn, me } = useAuth();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const joinAsUser = useJoinInvitation(token, { onSuccess: () => void navigate('/') });
  const create = useAcceptInvitation(token, {
    // The new account is signed in at once, in the territory it joined.
    onSuccess: (accepted) => {
      void navigate(`/t/${accepted.territoryId}`, { replace: true });
    },
  });
  const preview = useInvitationPreview(token);
  const accountExists = create.error instanceof ApiError && create.error.problem.code === 'account_exists';
  const header = <PageHeader title={t('auth.invitation.title')} subtitle={t('auth.invitation.intro')} />;
  if (preview.isPending) {
    return (
      <section className="card narrow" aria-busy="true">
        {header}
        <p className="state state-loading">{t('state.loading')}</p>
      </section>
    );
  }
  if (preview.isError || !preview.data) {
    return (
      <section className="card narrow">
        {header}
        <p className="alert alert-warning" role="alert">
          {t('auth.invitation.unknown')}
        </p>
      </section>
    );
  }
  if (preview.data.status !== 'pending' && !create.isSuccess) {
    return (
      <section className="card narrow">
        {header}
        <InvitationSummary preview={preview.data} />
        <p className="alert alert-info" role="status">
          {t(`auth.invitation.status.${preview.data.status as 'accepted' | 'revoked' | 'expired'}`)}{' '}
          <Link to="/connexion">{t('auth.login.submit')}</Link>
        </p>
      </section>
    );
  }
  const otherAccount = Boolean(signedIn && me && me.user.email.toLowerCase() !== preview.data.email);
  return (
    <section className="card narrow">
      {header}
      <InvitationSummary preview={preview.data} />
      {signedIn && me && otherAccount ? (
        <p className="alert alert-info" role="status">
          {t('auth.invitation.otherAccount', { email: preview.data.email })}
        </p>
      ) : signedIn && me ? (
        <>
          <p>{t('auth.invitation.asUser', { name: me.user.name })}</p>
          <FormErrors error={joinAsUser.error} />
          <Button busy={joinAsUser.isPending} onClick={() => joinAsUser.mutate()}>
            {t('auth.invitation.join')}
          </Button>
        </>
      ) : create.isSuccess ? (
        <div className="alert alert-success" role="status">
          {t('auth.invitation.created')} <Link to="/connexion">{t('auth.login.submit')}</Link>
        </div>
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate({ name: name.trim(), password });
          }}
        >
          {accountExists ? (
            <div className="alert alert-info" role="alert">
              {t('auth.invitation.accountExists')}{' '}
              <Link to="/connexion" state={{ from: `/invitations/${token}` }}>
                {t('auth.login.submit')}
              </Link>
            </div>
          ) : (
            <FormErrors error={create.error} shownAtFields={['name', 'password']} />
          )}
          <TextField
            label={t('auth.name')}
            autoComplete="name"
            required
            value={name}
            onChange={(event) => setName(event.target.value)}
            errors={fieldErrors(create.error, 'name')}
          />
          <TextField
            label={t('auth.password')}
            hint={t('auth.passwordHint')}
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            errors={fieldErrors(create.error, 'password')}
          />
          <Button type="submit" busy={create.isPending}>
            {t('auth.invitation.create')}
          </Button>
          <p>
            {t('auth.invitation.haveAccount')}{' '}
            <Link to="/connexion" state={{ from: `/invitations/${token}` }}>
              {t('auth.login.submit')}
            </Link>
          </p>
        </form>
      )}
    </section>
  );
}
