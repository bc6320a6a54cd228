import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { useAuth } from '../auth/auth';
import { Button, fieldErrors, FormErrors, PageHeader, TextField } from '../ui/components';
import { useAcceptInvitation, useJoinInvitation } from './queries';

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
  const accountExists = create.error instanceof ApiError && create.error.problem.code === 'account_exists';
  return (
    <section className="card narrow">
      <PageHeader title={t('auth.invitation.title')} subtitle={t('auth.invitation.intro')} />
      {signedIn && me ? (
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
            <FormErrors error={create.error} />
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
