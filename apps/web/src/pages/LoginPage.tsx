import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { homePath } from '../auth/auth';
import { Button, FormErrors, PageHeader, TextField } from '../ui/components';
import { useSignIn } from './queries';

export function LoginPage(): ReactNode {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const from = (location.state as { from?: string } | null)?.from;
  const login = useSignIn({
    onSuccess: (me) => void navigate(from && from !== '/connexion' ? from : homePath(me), { replace: true }),
  });
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    login.mutate({ email: email.trim(), password });
  };
  return (
    <section className="card narrow">
      <PageHeader title={t('auth.login.title')} />
      <FormErrors error={login.error} />
      <form onSubmit={submit} noValidate>
        <TextField
          label={t('auth.email')}
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <TextField
          label={t('auth.password')}
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <Button type="submit" busy={login.isPending}>
          {t('auth.login.submit')}
        </Button>
      </form>
      <p>
        <Link to="/mot-de-passe-oublie">{t('auth.login.forgot')}</Link>
      </p>
    </section>
  );
}
