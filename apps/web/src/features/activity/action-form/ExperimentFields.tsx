import type { ReactNode } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FormSelectField, FormTextArea, FormTextField } from '../../../ui/form-fields';
import { today } from '../../../ui/format';
import { STAGES } from '../shared';
import { IndicatorsEditor } from './IndicatorsEditor';
import { ParticipantsEditor } from './ParticipantsEditor';
import type { ActionFormValues, FieldMessages } from './schema';

/**
 * A collective experiment's own fields: phase (with the day it began, asked when the phase
 * changes), stakeholders, objectives and indicators.
 */
export function ExperimentFields({ errors }: { errors: FieldMessages }): ReactNode {
  const { t } = useTranslation(['activity', 'domain']);
  const { control } = useFormContext<ActionFormValues>();
  const [phase, savedPhase] = useWatch({ control, name: ['experiment.phase', 'experiment.savedPhase'] });
  return (
    <section className="card">
      <h2>{t('activity:form.experiment')}</h2>
      <FormSelectField
        control={control}
        path="experiment.phase"
        label={t('activity:form.phase')}
        hint={t('activity:form.phaseHint')}
        options={STAGES.map((value, index) => ({
          value,
          label: `${index + 1}. ${t(`domain:experimentStage.${value}`)}`,
        }))}
        errors={errors('experiment.phase')}
      />
      {phase !== savedPhase ? (
        <FormTextField
          control={control}
          path="experiment.phaseOccurredOn"
          label={t('activity:form.phaseOccurredOn')}
          hint={t('activity:form.phaseOccurredOnHint')}
          type="date"
          max={today()}
          errors={errors('experiment.phaseOccurredOn')}
        />
      ) : null}
      <ParticipantsEditor type="collective_experiment" errors={errors('participants')} />
      <FormTextArea
        control={control}
        path="experiment.objectives"
        label={t('activity:form.objectives')}
        hint={t('activity:form.onePerLine')}
        errors={errors('experiment.objectives')}
      />
      <IndicatorsEditor errors={errors} />
    </section>
  );
}
