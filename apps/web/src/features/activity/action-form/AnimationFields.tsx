import type { ReactNode } from 'react';
import { useFormContext } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { FormTextArea, FormTextField } from '../../../ui/form-fields';
import { ParticipantsEditor } from './ParticipantsEditor';
import type { ActionFormValues, FieldMessages } from './schema';

/** An animation's own fields: format, place, headcount, participants and topics. */
export function AnimationFields({ errors, withBlock }: { errors: FieldMessages; withBlock: FieldMessages }): ReactNode {
  const { t } = useTranslation(['activity']);
  const { control } = useFormContext<ActionFormValues>();
  return (
    <section className="card">
      <h2>{t('activity:form.animation')}</h2>
      <div className="form-grid">
        <FormTextField
          control={control}
          path="animation.format"
          label={t('activity:form.format')}
          hint={t('activity:form.formatHint')}
          required
          maxLength={100}
          list="animation-formats"
          errors={withBlock('animation.format')}
        />
        <datalist id="animation-formats">
          {(t('activity:form.formatSuggestions', { returnObjects: true }) as string[]).map((value) => (
            <option key={value} value={value} />
          ))}
        </datalist>
        <FormTextField
          control={control}
          path="animation.place"
          label={t('activity:form.place')}
          maxLength={300}
          errors={errors('animation.place')}
        />
        <FormTextField
          control={control}
          path="animation.headcount"
          label={t('activity:form.headcount')}
          type="number"
          min={0}
          inputMode="numeric"
          errors={errors('animation.headcount')}
        />
      </div>
      <ParticipantsEditor type="animation" errors={errors('participants')} />
      <FormTextArea
        control={control}
        path="animation.topics"
        label={t('activity:form.topics')}
        hint={t('activity:form.onePerLine')}
        errors={errors('animation.topics')}
      />
    </section>
  );
}
