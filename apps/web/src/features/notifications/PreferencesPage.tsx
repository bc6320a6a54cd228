import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Schemas } from '../../api/client';
import { Button, FormErrors, PageHeader, QueryView } from '../../ui/components';
import { useNotify } from '../../ui/notices';
import { useSavePreferences } from './mutations';
import { preferencesFormSchema, preferencesFormValues, type PreferencesFormValues } from './preferences-schema';
import { usePreferences } from './queries';

type Preferences = Schemas['PreferencesDto'];

function PreferencesForm({ data }: { data: Preferences }): ReactNode {
  const { t } = useTranslation('notifications');
  const notify = useNotify();
  const schema = useMemo(() => preferencesFormSchema(t), [t]);
  const form = useForm<PreferencesFormValues, unknown, Schemas['PutPreferencesDto']>({
    defaultValues: preferencesFormValues(data.preferences),
    resolver: zodResolver(schema),
    shouldFocusError: false,
  });
  const [invalid, setInvalid] = useState(false);
  const save = useSavePreferences({
    onSuccess: (saved) => {
      form.reset(preferencesFormValues(saved.preferences));
      notify('success', t('preferences.saved'));
    },
  });
  const errors = form.formState.errors.preferences;
  return (
    <form
      noValidate
      onSubmit={form.handleSubmit(
        (body) => {
          setInvalid(false);
          save.mutate(body);
        },
        () => setInvalid(true),
      )}
    >
      <FormErrors error={save.error} />
      {invalid && errors ? (
        <div className="alert alert-error" role="alert">
          {t('preferences.check.frequency')}
        </div>
      ) : null}
      {data.preferences.map((preference, index) => {
        const descriptionId = `preference-${preference.kind}-description`;
        const problem = errors?.[index]?.frequency?.message ?? errors?.[index]?.kind?.message;
        return (
          <fieldset
            key={preference.kind}
            className={`card preference${problem ? ' field-invalid' : ''}`}
            aria-describedby={descriptionId}
          >
            <legend>{preference.label}</legend>
            <p id={descriptionId} className="field-hint">
              {preference.description}
            </p>
            <div className="preference-choices">
              {data.frequencies.map((frequency) => {
                const id = `preference-${preference.kind}-${frequency.id}`;
                return (
                  <div key={frequency.id} className="radio">
                    <input
                      type="radio"
                      id={id}
                      value={frequency.id}
                      {...form.register(`preferences.${index}.frequency`)}
                    />
                    <label htmlFor={id}>
                      {frequency.id === preference.defaultFrequency
                        ? t('preferences.default', { label: frequency.label })
                        : frequency.label}
                    </label>
                  </div>
                );
              })}
            </div>
            {problem ? <p className="field-error">{problem}</p> : null}
          </fieldset>
        );
      })}
      <Button type="submit" busy={save.isPending}>
        {t('preferences.save')}
      </Button>
    </form>
  );
}

/** How each kind of notification reaches me by mail (the account's « Préférences de notification »). */
export function PreferencesPage(): ReactNode {
  const { t } = useTranslation('notifications');
  const preferences = usePreferences();
  return (
    <>
      <PageHeader title={t('preferences.title')} subtitle={t('preferences.subtitle')} />
      <p>
        <Link to="/compte">{t('preferences.backToAccount')}</Link>
      </p>
      <QueryView query={preferences}>
        {(data) => (
          <>
            {data.mailConfigured ? null : (
              <div className="alert alert-warning">
                <p>{t('preferences.mailNotConfigured')}</p>
              </div>
            )}
            <PreferencesForm data={data} />
          </>
        )}
      </QueryView>
    </>
  );
}
