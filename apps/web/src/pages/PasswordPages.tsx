import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useTokenFromQuery } from '../app/query-token';
import { useAuth } from '../auth/auth';
import { Button, fieldErrors, FormErrors, PageHeader, TextField } from '../ui/components';
import { useNotify } from '../ui/notices';
import { useChangePassword, useConfirmPasswordReset, useRequestPasswordReset } from './queries';

/** Asks for a reset link (the answer is the same whether the address exists or not). */
export function ForgotPasswordPage(): ReactNode {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const request = useRequestPasswordReset();
  return (
    <section className="card narrow">
      <PageHeader title={t('auth.forgot.title')} subtitle={t('auth.forgot.intro')} />
      {request.isSuccess ? (
        <div className={request.data.mailConfigured ? 'alert alert-success' : 'alert alert-warning'} role="status">
          {t(request.data.mailConfigured ? 'auth.forgot.sent' : 'auth.forgot.notSent')}
        </div>
      ) : (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            request.mutate(email.trim());
          }}
        >
          <FormErrors error={request.error} />
          <TextField
            label={t('auth.email')}
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            errors={fieldErrors(request.error, 'email')}
          />
          <Button type="submit" busy={request.isPending}>
            {t('auth.forgot.submit')}
          </Button>
        </form>
      )}
      <p>
        <Link to="/connexion">{t('auth.backToLogin')}</Link>
      </p>
    </section>
  );
}

/** Sets a new password from an e-mailed link (reset, or an observer's first password). */
export function ResetPasswordPage(): ReactNode {
  const { t } = useTranslation();
  const token = useTokenFromQuery('token');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const navigate = useNavigate();
  const notify = useNotify();
  // The new password signs the person in: they land on their home (an observer on the observatory).
  const confirm = useConfirmPasswordReset({
    onSuccess: () => {
      notify('success', t('auth.reset.signedIn'));
      void navigate('/', { replace: true });
    },
  });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setMismatch(password !== confirmation);
    if (password === confirmation) confirm.mutate({ token, newPassword: password });
  };
  return (
    <section className="card narrow">
      <PageHeader title={t('auth.reset.title')} />
      {!token ? (
        <div className="alert alert-error" role="alert">
          {t('auth.reset.noToken')}
        </div>
      ) : confirm.isSuccess ? (
        <div className="alert alert-success" role="status">
          {t('auth.reset.done')} <Link to="/connexion">{t('auth.login.submit')}</Link>
        </div>
      ) : (
        <form noValidate onSubmit={submit}>
          <FormErrors error={confirm.error} shownAtFields={['newPassword']} />
          <TextField
            label={t('auth.newPassword')}
            hint={t('auth.passwordHint')}
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            errors={fieldErrors(confirm.error, 'newPassword')}
          />
          <TextField
            label={t('auth.confirmPassword')}
            type="password"
            autoComplete="new-password"
            required
            value={confirmation}
            onChange={(event) => setConfirmation(event.target.value)}
            errors={mismatch ? [t('auth.mismatch')] : undefined}
          />
          <Button type="submit" busy={confirm.isPending}>
            {t('auth.reset.submit')}
          </Button>
        </form>
      )}
    </section>
  );
}

/** The signed-in person's account: who they are, their territories, password change. */
export function AccountPage(): ReactNode {
  const { t } = useTranslation();
  const { me } = useAuth();
  const notify = useNotify();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const change = useChangePassword({
    onSuccess: () => {
      setCurrent('');
      setNext('');
      notify('success', t('auth.account.changed'));
    },
  });
  if (!me) return null;
  return (
    <>
      <PageHeader title={t('auth.account.title')} subtitle={`${me.user.name} · ${me.user.email}`} />
      <section className="card">
        <h2>{t('auth.account.territories')}</h2>
        {me.memberships.length === 0 ? (
          <p>
            {t('auth.account.noTerritory')} <Link to="/mes-demandes">{t('myRequests.title')}</Link>
          </p>
        ) : (
          <ul>
            {me.memberships.map((membership) => (
              <li key={membership.territoryId}>
                <Link to={`/t/${membership.territoryId}`}>{membership.territoryName}</Link> —{' '}
                {t(`roles.${membership.role}`)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card">
        <h2>{t('notifications:preferences.title')}</h2>
        <p>{t('notifications:preferences.accountIntro')}</p>
        <Link to="/compte/notifications">{t('notifications:preferences.accountLink')}</Link>
      </section>
      <section className="card">
        <h2>{t('auth.account.changePassword')}</h2>
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            change.mutate({ currentPassword: current, newPassword: next });
          }}
        >
          <FormErrors error={change.error} shownAtFields={['currentPassword', 'newPassword']} />
          <TextField
            label={t('auth.currentPassword')}
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(event) => setCurrent(event.target.value)}
            errors={fieldErrors(change.error, 'currentPassword')}
          />
          <TextField
            label={t('auth.newPassword')}
            hint={t('auth.passwordHint')}
            type="password"
            autoComplete="new-password"
            required
            value={next}
            onChange={(event) => setNext(event.target.value)}
            errors={fieldErrors(change.error, 'newPassword')}
          />
          <Button type="submit" busy={change.isPending}>
            {t('auth.account.changeSubmit')}
          </Button>
        </form>
      </section>
    </>
  );
}
