import { useId, type ReactNode } from 'react';
import { Controller, useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button, FieldErrorsOnly } from '../../../ui/components';
import { FormTextArea } from '../../../ui/form-fields';
import { useActor, useSupportedAlliances } from '../queries';
import { ActorSearch, focusSoon } from '../shared';
import { ParticipantsEditor } from './ParticipantsEditor';
import { SessionsEditor } from './SessionsEditor';
import type { ActionFormValues, FieldMessages } from './schema';

/** The organisation supported: its name and a "change" button once chosen, else a search. */
function SupportedActor({ supportId, errors }: { supportId: string; errors: string[] }): ReactNode {
  const { t } = useTranslation(['activity']);
  const { control, setValue } = useFormContext<ActionFormValues>();
  const supportedActorId = useWatch({ control, name: 'support.supportedActorId' });
  const supported = useActor(supportedActorId || undefined);
  return supportedActorId ? (
    <>
      <p className="filter-chip">
        {t('activity:form.supported', { name: supported.data?.name ?? '…' })}{' '}
        <Button
          variant="tertiary"
          id={`${supportId}-change`}
          onClick={() => {
            setValue('support.supportedActorId', '');
            // The search field comes back in the button's place.
            focusSoon(
              () => document.getElementById(supportId)?.querySelector<HTMLElement>('input[type="search"]'),
              10,
              false,
            );
          }}
        >
          {t('activity:form.changeSupported')}
        </Button>
      </p>
      {/* The API's messages about the organisation chosen are said here too, not only under the search. */}
      <FieldErrorsOnly errors={errors} />
    </>
  ) : (
    <ActorSearch
      label={t('activity:form.pickSupported')}
      errors={errors}
      onPick={(actor) => {
        setValue('support.supportedActorId', actor.id);
        // The search field gives way to the chosen organisation: focus its "change" button.
        focusSoon(() => document.getElementById(`${supportId}-change`), 10, false);
      }}
    />
  );
}

/** The alliances of the organisation supported that came out of this support. */
function ResultingAlliances(): ReactNode {
  const { t } = useTranslation(['activity']);
  const { control } = useFormContext<ActionFormValues>();
  const supportedActorId = useWatch({ control, name: 'support.supportedActorId' });
  const supportedAlliances = useSupportedAlliances(supportedActorId);
  return (
    <fieldset className="field checkbox-group">
      <legend>{t('activity:form.resultingAlliances')}</legend>
      {!supportedActorId ? (
        <p className="muted">{t('activity:form.pickSupportedFirst')}</p>
      ) : supportedAlliances.data?.items.length ? (
        <Controller
          control={control}
          name="support.resultingAllianceIds"
          render={({ field: { value, onChange } }) => (
            <>
              {supportedAlliances.data.items.map((alliance) => (
                <div className="checkbox" key={alliance.id}>
                  <input
                    type="checkbox"
                    id={`alliance-${alliance.id}`}
                    checked={value.includes(alliance.id)}
                    onChange={(event) =>
                      onChange(
                        event.target.checked ? [...value, alliance.id] : value.filter((id) => id !== alliance.id),
                      )
                    }
                  />
                  <label htmlFor={`alliance-${alliance.id}`}>{alliance.title}</label>
                </div>
              ))}
            </>
          )}
        />
      ) : (
        <p className="muted">{t('activity:form.noAllianceOfSupported')}</p>
      )}
    </fieldset>
  );
}

/** A support's own fields: the organisation supported, its partners and speakers, diagnosis, sessions, outcome and alliances. */
export function SupportFields({ errors, withBlock }: { errors: FieldMessages; withBlock: FieldMessages }): ReactNode {
  const { t } = useTranslation(['activity']);
  const { control } = useFormContext<ActionFormValues>();
  const supportId = useId();
  return (
    <section className="card" id={supportId}>
      <h2>{t('activity:form.support')}</h2>
      <SupportedActor supportId={supportId} errors={withBlock('support.supportedActorId') ?? []} />
      <ParticipantsEditor type="support" errors={errors('participants')} />
      <FormTextArea
        control={control}
        path="support.diagnosis"
        label={t('activity:form.diagnosis')}
        errors={errors('support.diagnosis')}
      />
      <SessionsEditor errors={errors} />
      <FormTextArea
        control={control}
        path="support.outcome"
        label={t('activity:form.outcome')}
        errors={errors('support.outcome')}
      />
      <ResultingAlliances />
    </section>
  );
}
