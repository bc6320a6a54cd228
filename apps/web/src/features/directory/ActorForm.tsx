import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useTerritory } from '../../app/territory';
import { Button, ErrorState, fieldErrors, FormErrors, Loading, PageHeader } from '../../ui/components';
import { useNotify } from '../../ui/notices';
import {
  actorFormSchema,
  actorFormValues,
  actorMessages,
  complete,
  type ActorField,
  type ActorFormValues,
} from './actor-form-schema';
import {
  IdentifierFields,
  IdentityFields,
  IssuesFields,
  LocationFields,
  type ActorFieldProps,
} from './ActorFormFields';
import type { Actor } from './data';
import { actorKeys, useActor } from './queries';

type Body = Schemas['CreateActorDto'];

function ActorFormBody({ actor, onReload }: { actor?: Actor; onReload?: () => void }): ReactNode {
  const { t } = useTranslation(['directory', 'domain', 'common']);
  const { territoryId } = useTerritory();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const schema = useMemo(() => actorFormSchema(t), [t]);
  const form = useForm<ActorFormValues, unknown, Body>({
    defaultValues: actorFormValues(actor),
    resolver: zodResolver(schema),
    // A refused submit focuses the summary of what to fix (FormErrors), not a field.
    shouldFocusError: false,
  });
  // The version this form started from: a save over someone else's change is refused (412), not silent.
  const [version] = useState(actor?.version);
  const [clientError, setClientError] = useState<ApiError | undefined>();
  const [editedSinceSave, setEditedSinceSave] = useState<Set<ActorField>>(new Set());

  const save = useMutation({
    mutationFn: (body: Body) =>
      actor
        ? call(
            api.PATCH('/api/v1/territories/{territoryId}/actors/{actorId}', {
              params: {
                path: { territoryId, actorId: actor.id },
                header: { 'If-Match': `"${version ?? actor.version}"` },
              },
              body,
            }),
          )
        : call(
            api.POST('/api/v1/territories/{territoryId}/actors', {
              params: { path: { territoryId } },
              body,
            }),
          ),
    onMutate: () => setEditedSinceSave(new Set()),
    onSuccess: (saved) => {
      queryClient.setQueryData(actorKeys.detail(territoryId, saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: actorKeys.all(territoryId) });
      notify(
        'success',
        actor ? t('directory:form.saved', { name: saved.name }) : t('directory:form.created', { name: saved.name }),
      );
      void navigate(`/t/${territoryId}/annuaire/${saved.id}`);
    },
  });

  const values = form.watch();
  const { isSubmitted, touchedFields } = form.formState;
  const problems = actorMessages(schema, values);
  const fields: ActorFieldProps = {
    serverErrors: (field) => fieldErrors(save.error, field),
    edited: (field) => setEditedSinceSave((current) => new Set(current).add(field)),
    /** The API's messages for the field from the last save, else the live check's. */
    errorsOf: (field) => {
      const server = editedSinceSave.has(field) ? undefined : fieldErrors(save.error, field);
      if (server?.length) return server;
      const message = problems[field];
      const value = values[field];
      const shown =
        isSubmitted || Boolean(touchedFields[field]) || (typeof value === 'string' && complete(field, value));
      return message && shown ? [message] : undefined;
    },
  };

  const versionConflict = save.error instanceof ApiError && save.error.status === 412;
  return (
    <FormProvider {...form}>
      <form
        noValidate
        className="actor-form"
        onSubmit={form.handleSubmit(
          (body) => {
            setClientError(undefined);
            save.mutate(body);
          },
          () =>
            setClientError(
              new ApiError(400, {
                detail: t('directory:form.fix'),
                errors: Object.entries(actorMessages(schema, form.getValues())).map(([field, message]) => ({
                  field,
                  message,
                })),
              }),
            ),
        )}
      >
        <FormErrors error={clientError ?? save.error} />
        {versionConflict && onReload ? (
          <p>
            <Button variant="secondary" onClick={onReload}>
              {t('directory:form.reload')}
            </Button>
          </p>
        ) : null}
        <IdentityFields {...fields} />
        <IdentifierFields {...fields} />
        <LocationFields {...fields} />
        <IssuesFields {...fields} />
        <div className="form-actions">
          <Button type="submit" busy={save.isPending}>
            {actor ? t('common:actions.save') : t('directory:form.create')}
          </Button>
          <Link
            className="btn btn-secondary"
            to={actor ? `/t/${territoryId}/annuaire/${actor.id}` : `/t/${territoryId}/annuaire`}
          >
            {t('common:actions.cancel')}
          </Link>
        </div>
      </form>
    </FormProvider>
  );
}

export function NewActorPage(): ReactNode {
  const { t } = useTranslation('directory');
  return (
    <>
      <PageHeader title={t('form.newTitle')} subtitle={t('form.intro')} />
      <ActorFormBody />
    </>
  );
}

export function EditActorPage(): ReactNode {
  const { actorId = '' } = useParams();
  const { t } = useTranslation('directory');
  const { territoryId } = useTerritory();
  const query = useActor(territoryId, actorId);
  const [generation, setGeneration] = useState(0);
  if (query.isPending) return <Loading />;
  if (query.error || !query.data) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <>
      <PageHeader title={t('form.editTitle', { name: query.data.name })} subtitle={t('form.intro')} />
      <ActorFormBody
        key={`${query.data.id}-${generation}`}
        actor={query.data}
        onReload={() => {
          void query.refetch().then(() => setGeneration((current) => current + 1));
        }}
      />
    </>
  );
}
