import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type Schemas } from '../../api/client';
import { Button, fieldErrors, FormErrors, PageHeader, QueryView, ScrollRegion, TextField } from '../../ui/components';
import { formatDate, formatDateTime } from '../../ui/format';
import { useCreateObserver, useObservers } from './queries';

/** National bodies' accounts: created here, they set their password from a one-time link. */
export function ObserversPage(): ReactNode {
  const { t } = useTranslation(['admin', 'common']);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [created, setCreated] = useState<Schemas['CreatedObserverDto'] | undefined>();
  const observers = useObservers();
  const create = useCreateObserver({
    onSuccess: (result) => {
      setCreated(result);
      setEmail('');
      setName('');
    },
  });
  return (
    <>
      <PageHeader title={t('admin:observers.title')} subtitle={t('admin:observers.intro')} />
      <section className="card">
        <h2>{t('admin:observers.create')}</h2>
        {created ? (
          <div className="alert alert-success" role="status">
            <p>{t('admin:observers.created', { name: created.user.name })}</p>
            <p>
              {t(created.mailSent ? 'admin:observers.setupLinkMailed' : 'admin:observers.setupLink', {
                date: formatDateTime(created.passwordSetup.expiresAt),
              })}{' '}
              <code>{created.passwordSetup.url}</code>
            </p>
          </div>
        ) : null}
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate({ email: email.trim(), name: name.trim() });
          }}
        >
          <FormErrors error={create.error} />
          <div className="form-grid">
            <TextField
              label={t('admin:observers.name')}
              required
              value={name}
              onChange={(event) => setName(event.target.value)}
              errors={fieldErrors(create.error, 'name')}
            />
            <TextField
              label={t('admin:observers.email')}
              type="email"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              errors={fieldErrors(create.error, 'email')}
            />
          </div>
          <Button type="submit" busy={create.isPending}>
            {t('admin:observers.submit')}
          </Button>
        </form>
      </section>
      <section className="card">
        <h2>{t('admin:observers.list')}</h2>
        <QueryView query={observers} isEmpty={(list) => list.length === 0} empty={t('admin:observers.empty')}>
          {(list) => (
            <ScrollRegion label={t('admin:observers.list')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('admin:observers.name')}</th>
                    <th scope="col">{t('admin:observers.email')}</th>
                    <th scope="col">{t('admin:observers.since')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((observer) => (
                    <tr key={observer.id}>
                      <td>{observer.name}</td>
                      <td>{observer.email}</td>
                      <td>{formatDate(observer.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </QueryView>
      </section>
    </>
  );
}
