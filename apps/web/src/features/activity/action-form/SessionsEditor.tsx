import type { ReactNode } from 'react';
import { useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../ui/components';
import { FormTextField } from '../../../ui/form-fields';
import { formatNumber, today } from '../../../ui/format';
import { newSession, type ActionFormValues } from './schema';

/** A support's sessions (date, minutes, notes) and their total time. */
export function SessionsEditor({ errors }: { errors: (field: string) => string[] | undefined }): ReactNode {
  const { t } = useTranslation(['activity']);
  const { control } = useFormContext<ActionFormValues>();
  const { fields, append, remove } = useFieldArray({ control, name: 'support.sessions' });
  const sessions = useWatch({ control, name: 'support.sessions' });
  const totalMinutes = sessions.reduce((total, row) => total + (Number(row.minutes) || 0), 0);
  return (
    <fieldset className="field">
      <legend>{t('activity:form.sessions')}</legend>
      {fields.length === 0 ? <p className="muted">{t('activity:form.noSession')}</p> : null}
      {fields.map((row, index) => (
        <div className="indicator-row" key={row.id}>
          <FormTextField
            control={control}
            path={`support.sessions.${index}.date`}
            label={t('activity:form.sessionDate', { n: index + 1 })}
            type="date"
            required
            errors={errors(`support.sessions.${index}.date`)}
          />
          <FormTextField
            control={control}
            path={`support.sessions.${index}.minutes`}
            label={t('activity:form.sessionMinutes', { n: index + 1 })}
            type="number"
            min={1}
            required
            errors={errors(`support.sessions.${index}.minutes`)}
          />
          <FormTextField
            control={control}
            path={`support.sessions.${index}.notes`}
            label={t('activity:form.sessionNotes', { n: index + 1 })}
          />
          <Button variant="tertiary" onClick={() => remove(index)}>
            {t('activity:form.removeSession', { n: index + 1 })}
          </Button>
        </div>
      ))}
      <p className="muted">
        {t('activity:form.totalTime', {
          minutes: formatNumber(totalMinutes),
          hours: formatNumber(totalMinutes / 60, { maximumFractionDigits: 1 }),
        })}
      </p>
      <div>
        <Button variant="secondary" onClick={() => append(newSession(today()), { shouldFocus: false })}>
          {t('activity:form.addSession')}
        </Button>
      </div>
    </fieldset>
  );
}
