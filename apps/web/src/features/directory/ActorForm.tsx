import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { FormProvider } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { useTerritory } from '../../app/territory';
import { Button, ErrorState, FormErrors, Loading, PageHeader } from '../../ui/components';
import { useNotify } from '../../ui/notices';
import { IdentifierFields, IdentityFields, IssuesFields, LocationFields, ReloadOnConflict } from './ActorFormFields';
import type { Actor } from './data';
import { actorKeys, useActor } from './queries';
import { useActorForm } from './useActorForm';

type Body = Schemas['CreateActorDto'];

function ActorFormBody({ actor, onReload }: { actor?: Actor; onReload?: () => void }): ReactNode {
  const { t } = useTranslation(['directory', 'domain', 'common']);
  const { territoryId } = useTerritory();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const notify = useNotify();
  // The version this form started from: a save over someone else's change is refused (412), not silent.
  const [version] = useState(actor?.version);

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

  const { form, fields, error, onSubmit, shownAtFields, labelOf } = useActorForm(actor, save.error);

  return (
    <FormProvider {...form}>
      <form noValidate className="actor-form" onSubmit={onSubmit((body) => save.mutate(body))}>
        <FormErrors error={error} shownAtFields={shownAtFields} labelOf={labelOf} />
        <ReloadOnConflict error={save.error} onReload={onReload} />
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
