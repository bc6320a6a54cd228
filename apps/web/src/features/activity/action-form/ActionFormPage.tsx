import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, type ReactNode } from 'react';
import { Controller, FormProvider, useForm, useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api, ApiError, call, type Schemas } from '../../../api/client';
import { useTerritory } from '../../../app/territory';
import { Button, ButtonLink, fieldErrors, FormErrors, PageHeader, QueryView } from '../../../ui/components';
import { FormTextArea, FormTextField } from '../../../ui/form-fields';
import { today } from '../../../ui/format';
import { useNotify } from '../../../ui/notices';
import { actionKeys, invalidateEcosystem, useAction } from '../queries';
import { ACTION_TYPES, PriorityChecks, type Action } from '../shared';
import { AnimationFields } from './AnimationFields';
import { ExperimentFields } from './ExperimentFields';
import {
  actionFormSchema,
  actionFormValues,
  endBeforeStart,
  rolesFor,
  type ActionFormValues,
  type ActionType,
  type FieldMessages,
  actionFieldLabel,
  actionShownAtField,
} from './schema';
import { SupportFields } from './SupportFields';

type Body = Schemas['CreateActionDto'];

/** The type of a new action, as radio cards (an action keeps its type once created). */
function TypeChoice(): ReactNode {
  const { t } = useTranslation(['activity', 'domain']);
  const { control, getValues, setValue } = useFormContext<ActionFormValues>();
  const type = useWatch({ control, name: 'type' });
  return (
    <fieldset className="field type-choice">
      <legend>{t('activity:form.typeLegend')}</legend>
      {ACTION_TYPES.map((value) => (
        <div className="radio-card" key={value}>
          <input
            type="radio"
            id={`type-${value}`}
            name="type"
            value={value}
            checked={type === value}
            onChange={() => {
              setValue('type', value);
              setValue('participants', rolesFor(value, getValues('participants')));
            }}
          />
          <label htmlFor={`type-${value}`}>
            <strong>{t(`domain:actionType.${value}`)}</strong>
            <span className="muted">{t(`activity:form.typeHint.${value}`)}</span>
          </label>
        </div>
      ))}
    </fieldset>
  );
}

/** What every action has: title, dates, description and the priorities it serves. */
function GeneralFields({ errors }: { errors: FieldMessages }): ReactNode {
  const { t } = useTranslation(['activity']);
  const { control } = useFormContext<ActionFormValues>();
  const [type, startDate, endDate] = useWatch({ control, name: ['type', 'startDate', 'endDate'] });
  return (
    <section className="card">
      <h2>{t('activity:form.general')}</h2>
      <FormTextField
        control={control}
        path="title"
        label={t('activity:actions.titleField')}
        required
        maxLength={300}
        errors={errors('title')}
      />
      <div className="form-grid">
        <FormTextField
          control={control}
          path="startDate"
          label={t(type === 'animation' ? 'activity:form.date' : 'activity:form.startDate')}
          type="date"
          required
          errors={errors('startDate')}
        />
        <FormTextField
          control={control}
          path="endDate"
          label={t('activity:form.endDate')}
          type="date"
          name="endDate"
          min={startDate}
          errors={[
            ...(endBeforeStart(startDate, endDate) ? [t('activity:form.endBeforeStart')] : []),
            ...(errors('endDate') ?? []),
          ]}
        />
      </div>
      <FormTextArea
        control={control}
        path="description"
        label={t('activity:form.description')}
        errors={errors('description')}
      />
      <Controller
        control={control}
        name="priorityIds"
        render={({ field }) => (
          <PriorityChecks value={field.value} onChange={field.onChange} errors={errors('priorityIds')} />
        )}
      />
    </section>
  );
}

function ActionForm({ action, initialType }: { action?: Action; initialType: ActionType }): ReactNode {
  const { t } = useTranslation(['activity', 'domain', 'common']);
  const { territoryId } = useTerritory();
  const navigate = useNavigate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const formElement = useRef<HTMLFormElement>(null);
  const schema = useMemo(() => actionFormSchema(t), [t]);
  const form = useForm<ActionFormValues, unknown, Body>({
    defaultValues: actionFormValues(action, initialType, today()),
    resolver: zodResolver(schema),
    // The client-side checks (the end date's, a support's participants') focus their own field.
    shouldFocusError: false,
  });
  const type = useWatch({ control: form.control, name: 'type' });

  const save = useMutation({
    mutationFn: (payload: Body) => {
      if (!action) {
        return call(
          api.POST('/api/v1/territories/{territoryId}/actions', { params: { path: { territoryId } }, body: payload }),
        );
      }
      const { type: _type, ...patch } = payload;
      return call(
        api.PATCH('/api/v1/territories/{territoryId}/actions/{actionId}', {
          params: { path: { territoryId, actionId: action.id }, header: { 'If-Match': String(action.version) } },
          body: patch,
        }),
      );
    },
    onSuccess: (saved) => {
      notify('success', t(action ? 'activity:form.saved' : 'activity:form.created', { title: saved.title }));
      void queryClient.invalidateQueries({ queryKey: actionKeys.all(territoryId) });
      invalidateEcosystem(queryClient, territoryId);
      void navigate(`/t/${territoryId}/actions/${saved.id}`);
    },
  });
  const errors: FieldMessages = (field) => fieldErrors(save.error, field);
  /** A field's messages and its block's own ("required for this type"), without the block's other fields. */
  const withBlock: FieldMessages = (field) => [
    ...(errors(field) ?? []),
    ...(save.error instanceof ApiError
      ? (save.error.problem.errors ?? [])
          .filter((item) => item.field === field.split('.')[0])
          .map((item) => item.message)
      : []),
  ];

  return (
    <FormProvider {...form}>
      <form
        noValidate
        className="action-form"
        ref={formElement}
        onSubmit={form.handleSubmit(
          (payload) => save.mutate(payload),
          (invalid) =>
            formElement.current
              ?.querySelector<HTMLElement>(
                invalid.endDate ? '[name="endDate"]' : '[data-field="participants"] input[type="search"]',
              )
              ?.focus(),
        )}
      >
        <FormErrors
          error={save.error}
          shownAtFields={(field) => actionShownAtField(type, field)}
          labelOf={(field) => actionFieldLabel(t, type, field)}
        />
        {action ? null : <TypeChoice />}
        <GeneralFields errors={errors} />
        {type === 'animation' ? <AnimationFields errors={errors} withBlock={withBlock} /> : null}
        {type === 'collective_experiment' ? <ExperimentFields errors={errors} /> : null}
        {type === 'support' ? <SupportFields errors={errors} withBlock={withBlock} /> : null}
        <section className="card">
          <h2>{t('activity:form.results')}</h2>
          <FormTextArea
            control={form.control}
            path="outcomes"
            label={t('activity:form.outcomes')}
            errors={errors('outcomes')}
          />
          <FormTextArea
            control={form.control}
            path="followUps"
            label={t('activity:form.followUps')}
            errors={errors('followUps')}
          />
        </section>
        <div className="form-actions">
          <Button type="submit" busy={save.isPending}>
            {action ? t('common:actions.save') : t('activity:form.submitCreate')}
          </Button>
          <ButtonLink to={action ? `/t/${territoryId}/actions/${action.id}` : `/t/${territoryId}/actions`}>
            {t('common:actions.cancel')}
          </ButtonLink>
        </div>
      </form>
    </FormProvider>
  );
}

/** Logging a new action: the type first, then the facts of that type. */
export function NewActionPage(): ReactNode {
  const { t } = useTranslation('activity');
  const [params] = useSearchParams();
  const requested = params.get('type') as ActionType | null;
  return (
    <>
      <PageHeader title={t('form.newTitle')} subtitle={t('form.newIntro')} />
      <ActionForm initialType={requested && ACTION_TYPES.includes(requested) ? requested : 'animation'} />
    </>
  );
}

export function EditActionPage(): ReactNode {
  const { t } = useTranslation(['activity', 'domain']);
  const { actionId = '' } = useParams();
  const action = useAction(actionId);
  return (
    <>
      <PageHeader
        title={
          action.data ? t('activity:form.editTitle', { title: action.data.title }) : t('activity:form.editTitleShort')
        }
        subtitle={action.data ? t(`domain:actionType.${action.data.type}`) : undefined}
      />
      <QueryView query={action}>
        {(data) => <ActionForm key={data.version} action={data} initialType={data.type} />}
      </QueryView>
    </>
  );
}
