import type { ReactNode } from 'react';
import { useFieldArray, useFormContext } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../ui/components';
import { FormTextField } from '../../../ui/form-fields';
import { NEW_INDICATOR, type ActionFormValues } from './schema';

/** A collective experiment's indicators: a name, a unit, a target and a measure per row. */
export function IndicatorsEditor({ errors }: { errors: (field: string) => string[] | undefined }): ReactNode {
  const { t } = useTranslation(['activity']);
  const { control } = useFormContext<ActionFormValues>();
  const { fields, append, remove } = useFieldArray({ control, name: 'experiment.indicators' });
  return (
    <fieldset className="field">
      <legend>{t('activity:form.indicators')}</legend>
      {fields.length === 0 ? <p className="muted">{t('activity:form.noIndicator')}</p> : null}
      {fields.map((row, index) => (
        <div className="indicator-row" key={row.id}>
          <FormTextField
            control={control}
            path={`experiment.indicators.${index}.name`}
            label={t('activity:form.indicatorName', { n: index + 1 })}
            maxLength={200}
            errors={errors(`experiment.indicators.${index}`)}
          />
          <FormTextField
            control={control}
            path={`experiment.indicators.${index}.unit`}
            label={t('activity:form.indicatorUnit', { n: index + 1 })}
            maxLength={50}
          />
          <FormTextField
            control={control}
            path={`experiment.indicators.${index}.target`}
            label={t('activity:form.indicatorTarget', { n: index + 1 })}
            type="number"
          />
          <FormTextField
            control={control}
            path={`experiment.indicators.${index}.measured`}
            label={t('activity:form.indicatorMeasured', { n: index + 1 })}
            type="number"
          />
          <Button variant="tertiary" onClick={() => remove(index)}>
            {t('activity:form.removeIndicator', { n: index + 1 })}
          </Button>
        </div>
      ))}
      <div>
        <Button variant="secondary" onClick={() => append({ ...NEW_INDICATOR }, { shouldFocus: false })}>
          {t('activity:form.addIndicator')}
        </Button>
      </div>
    </fieldset>
  );
}
