import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  Controller,
  FormProvider,
  get,
  useFieldArray,
  useForm,
  useFormContext,
  useWatch,
  type FieldErrors,
} from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { STUDY_LIMITS, STUDY_PRISMS, STUDY_QUESTION_KINDS, type StudyQuestionKind } from '@maillage/contract';
import { ApiError } from '../../api/client';
import { useTerritory } from '../../app/territory';
import { Button, Checkbox, CheckboxGroup, fieldErrors, FormErrors, SelectField } from '../../ui/components';
import { FormTextArea, FormTextField } from '../../ui/form-fields';
import { useNotify } from '../../ui/notices';
import { useSaveQuestionnaire } from './queries';
import {
  newOption,
  newQuestion,
  questionnaireSchema,
  questionnaireValues,
  type QuestionnaireBody,
  type QuestionnaireValues,
} from './questionnaire-schema';
import type { StudyDetail } from './types';

type Messages = (path: string) => string[];

/** How many of the form's own checks failed (the summary's count). */
function countErrors(errors: FieldErrors | undefined): number {
  if (!errors) return 0;
  return Object.values(errors).reduce<number>((sum, value) => {
    if (!value || typeof value !== 'object') return sum;
    if ('message' in value && typeof value.message === 'string') return sum + 1;
    return sum + countErrors(value as FieldErrors);
  }, 0);
}

/** A choice question's options: each label (its fragility said when it stands for one), added, removed. */
function OptionsEditor({ index, number, messages }: { index: number; number: number; messages: Messages }): ReactNode {
  const { t } = useTranslation(['studies', 'domain']);
  const { control } = useFormContext<QuestionnaireValues>();
  const { fields, append, remove } = useFieldArray({ control, name: `questions.${index}.options` });
  const own = messages(`questions.${index}.options`);
  return (
    <fieldset className="field study-options" aria-describedby={own.length ? `q${index}-options-error` : undefined}>
      <legend>{t('studies:editor.options', { n: number })}</legend>
      {fields.map((option, position) => (
        <div className="study-option-row" key={option.id}>
          <FormTextField
            control={control}
            path={`questions.${index}.options.${position}.label`}
            label={t('studies:editor.option', { n: position + 1 })}
            hint={
              option.fragility
                ? t('studies:editor.fragility', { name: t(`domain:fragility.${option.fragility}`) })
                : undefined
            }
            maxLength={STUDY_LIMITS.optionLabelLength}
            errors={messages(`questions.${index}.options.${position}.label`)}
          />
          <Button
            variant="tertiary"
            disabled={fields.length <= 2}
            onClick={() => remove(position)}
            aria-label={t('studies:editor.removeOption', { n: position + 1, question: number })}
          >
            {t('studies:editor.remove')}
          </Button>
        </div>
      ))}
      {own.length > 0 ? (
        <p className="field-error" id={`q${index}-options-error`}>
          {own.join(' ')}
        </p>
      ) : null}
      <div>
        <Button
          variant="secondary"
          disabled={fields.length >= STUDY_LIMITS.options}
          onClick={() => append(newOption(), { shouldFocus: true })}
        >
          {t('studies:editor.addOption', { n: number })}
        </Button>
      </div>
    </fieldset>
  );
}

/** One question: its wording, its help, whether it is required, to whom it is put, and its kind's settings. */
function QuestionFields({
  index,
  count,
  onMove,
  onRemove,
  messages,
}: {
  index: number;
  count: number;
  onMove: (to: number) => void;
  onRemove: () => void;
  messages: Messages;
}): ReactNode {
  const { t } = useTranslation('studies');
  const { control } = useFormContext<QuestionnaireValues>();
  const kind = useWatch({ control, name: `questions.${index}.kind` });
  const number = index + 1;
  const at = (field: string) => `questions.${index}.${field}` as const;
  return (
    <li className="card study-question">
      <fieldset>
        <legend>
          <h3>{t('editor.question', { n: number, kind: t(`kind.${kind}`) })}</h3>
        </legend>
        <FormTextArea
          control={control}
          path={`questions.${index}.label`}
          label={t('editor.label')}
          required
          rows={2}
          maxLength={STUDY_LIMITS.labelLength}
          errors={messages(at('label'))}
        />
        <FormTextField
          control={control}
          path={`questions.${index}.help`}
          label={t('editor.help')}
          maxLength={STUDY_LIMITS.helpLength}
          errors={messages(at('help'))}
        />
        <Controller
          control={control}
          name={`questions.${index}.required`}
          render={({ field }) => (
            <Checkbox
              label={t('editor.required')}
              checked={field.value}
              onChange={(event) => field.onChange(event.target.checked)}
            />
          )}
        />
        <Controller
          control={control}
          name={`questions.${index}.prisms`}
          render={({ field }) => (
            <CheckboxGroup
              legend={t('editor.askedTo')}
              options={STUDY_PRISMS.map((prism) => ({ value: prism, label: t(`domain:studyPrism.${prism}`) }))}
              value={field.value}
              onChange={field.onChange}
            />
          )}
        />
        <p className="field-hint">{t('editor.askedToHint')}</p>
        {kind === 'single' || kind === 'multiple' ? (
          <OptionsEditor index={index} number={number} messages={messages} />
        ) : null}
        {kind === 'multiple' ? (
          <FormTextField
            control={control}
            path={`questions.${index}.maxChoices`}
            label={t('editor.maxChoices')}
            hint={t('editor.maxChoicesHint')}
            inputMode="numeric"
            errors={messages(at('maxChoices'))}
          />
        ) : null}
        {kind === 'scale' ? (
          <div className="study-scale-fields">
            <FormTextField
              control={control}
              path={`questions.${index}.min`}
              label={t('editor.min')}
              inputMode="numeric"
              errors={messages(at('min'))}
            />
            <FormTextField
              control={control}
              path={`questions.${index}.max`}
              label={t('editor.max')}
              hint={t('editor.maxHint', { max: STUDY_LIMITS.scaleMax })}
              inputMode="numeric"
              errors={messages(at('max'))}
            />
            <FormTextField
              control={control}
              path={`questions.${index}.minLabel`}
              label={t('editor.minLabel')}
              maxLength={STUDY_LIMITS.optionLabelLength}
              errors={messages(at('minLabel'))}
            />
            <FormTextField
              control={control}
              path={`questions.${index}.maxLabel`}
              label={t('editor.maxLabel')}
              maxLength={STUDY_LIMITS.optionLabelLength}
              errors={messages(at('maxLabel'))}
            />
          </div>
        ) : null}
        {kind === 'text' ? (
          <FormTextField
            control={control}
            path={`questions.${index}.maxLength`}
            label={t('editor.maxLength')}
            inputMode="numeric"
            errors={messages(at('maxLength'))}
          />
        ) : null}
        <div className="row study-question-actions">
          <Button variant="tertiary" disabled={index === 0} onClick={() => onMove(index - 1)}>
            {t('editor.moveUp', { n: number })}
          </Button>
          <Button variant="tertiary" disabled={index === count - 1} onClick={() => onMove(index + 1)}>
            {t('editor.moveDown', { n: number })}
          </Button>
          <Button variant="danger" disabled={count <= 1} onClick={onRemove}>
            {t('editor.removeQuestion', { n: number })}
          </Button>
        </div>
      </fieldset>
    </li>
  );
}

/** The questions, in order: moved, removed, and added of any of the four kinds. */
function QuestionsEditor({ messages }: { messages: Messages }): ReactNode {
  const { t } = useTranslation('studies');
  const { control } = useFormContext<QuestionnaireValues>();
  const { fields, append, move, remove } = useFieldArray({ control, name: 'questions' });
  const [kind, setKind] = useState<StudyQuestionKind>('single');
  const own = messages('questions');
  return (
    <section aria-labelledby="study-questions-title">
      <h2 id="study-questions-title">{t('editor.questions', { count: fields.length })}</h2>
      {own.length > 0 ? <p className="field-error">{own.join(' ')}</p> : null}
      <ol className="study-questions">
        {fields.map((field, index) => (
          <QuestionFields
            key={field.id}
            index={index}
            count={fields.length}
            onMove={(to) => move(index, to)}
            onRemove={() => remove(index)}
            messages={messages}
          />
        ))}
      </ol>
      <div className="card study-add-question">
        <SelectField
          label={t('editor.newKind')}
          options={STUDY_QUESTION_KINDS.map((value) => ({ value, label: t(`kind.${value}`) }))}
          value={kind}
          onChange={(event) => setKind(event.target.value as StudyQuestionKind)}
        />
        <Button
          variant="secondary"
          disabled={fields.length >= STUDY_LIMITS.questions}
          onClick={() => append(newQuestion(kind), { shouldFocus: false })}
        >
          {t('editor.addQuestion')}
        </Button>
      </div>
    </section>
  );
}

/**
 * « Questionnaire »: the study's current questionnaire to read and adapt (labels, help,
 * options, questions added, removed, reordered). Once answers exist, saving makes a new version.
 */
export function QuestionnaireEditor({ study }: { study: StudyDetail }): ReactNode {
  const { t } = useTranslation(['studies', 'common']);
  const { territoryId } = useTerritory();
  const notify = useNotify();
  const schema = useMemo(() => questionnaireSchema(t), [t]);
  const form = useForm<QuestionnaireValues, unknown, QuestionnaireBody>({
    resolver: zodResolver(schema),
    defaultValues: questionnaireValues(study),
    shouldFocusError: false,
  });
  const save = useSaveQuestionnaire(territoryId, study.id, study.version, {
    onSuccess: () => notify('success', t('studies:editor.saved')),
  });
  const [invalid, setInvalid] = useState(0);
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (invalid > 0) summary.current?.focus();
  }, [invalid]);
  const messages = messagesOf(form.formState.errors, save.error);
  const closed = study.status === 'closed';
  return (
    <FormProvider {...form}>
      <form
        noValidate
        className="study-editor"
        onSubmit={form.handleSubmit(
          (body) => {
            setInvalid(0);
            save.mutate(body);
          },
          (errors) => setInvalid(countErrors(errors as FieldErrors) || 1),
        )}
      >
        {closed ? (
          <p className="alert alert-info">{t('studies:editor.closed')}</p>
        ) : study.responses.total > 0 ? (
          <p className="alert alert-warning">
            {t('studies:editor.versionNote', { current: study.currentVersion, next: study.currentVersion + 1 })}
          </p>
        ) : (
          <p className="muted">{t('studies:editor.inPlace', { current: study.currentVersion })}</p>
        )}
        {invalid > 0 ? (
          <div className="alert alert-error" role="alert" tabIndex={-1} ref={summary}>
            <p>{t('studies:editor.invalid', { count: invalid })}</p>
          </div>
        ) : null}
        <FormErrors error={save.error} shownAtFields={shownAtFields(save.error)} />
        <fieldset disabled={closed} className="study-editor-fields">
          <section className="card" aria-labelledby="study-general-title">
            <h2 id="study-general-title">{t('studies:editor.general')}</h2>
            <FormTextField
              control={form.control}
              path="title"
              label={t('studies:editor.title')}
              required
              maxLength={200}
              errors={messages('title')}
            />
            <FormTextArea
              control={form.control}
              path="description"
              label={t('studies:editor.description')}
              hint={t('studies:editor.descriptionHint')}
              maxLength={2000}
              errors={messages('description')}
            />
            <Controller
              control={form.control}
              name="prisms"
              render={({ field }) => (
                <CheckboxGroup
                  legend={t('studies:editor.prisms')}
                  options={STUDY_PRISMS.map((prism) => ({ value: prism, label: t(`domain:studyPrism.${prism}`) }))}
                  value={field.value}
                  onChange={field.onChange}
                  errors={messages('prisms')}
                />
              )}
            />
          </section>
          <QuestionsEditor messages={messages} />
          <div className="form-actions">
            <Button type="submit" busy={save.isPending}>
              {t('studies:editor.save')}
            </Button>
            <Button variant="secondary" onClick={() => form.reset(questionnaireValues(study))}>
              {t('studies:editor.reset')}
            </Button>
          </div>
        </fieldset>
      </form>
    </FormProvider>
  );
}

/** The API names a question's field `questions[2].options[0].label`, the form `questions.2.options.0.label`. */
const apiField = (path: string): string => path.replace(/\.(\d+)/g, '[$1]');

/** A field's messages: the form's own check, then the API's. */
function messagesOf(errors: FieldErrors<QuestionnaireValues>, apiError: unknown): Messages {
  return (path) => {
    const own = get(errors, path) as { message?: string } | undefined;
    return [...(own?.message ? [own.message] : []), ...(fieldErrors(apiError, apiField(path)) ?? [])];
  };
}

/** The API's fields the form shows at their input (keys and fragilities are not edited here: the summary says them). */
function shownAtFields(error: unknown): string[] {
  const fields = error instanceof ApiError ? (error.problem.errors ?? []).map((item) => item.field) : [];
  return fields.filter((field) => !/\.(key|fragility)$/.test(field));
}
