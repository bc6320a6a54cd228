import { useRef, type ReactNode } from 'react';
import { useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../ui/components';
import { FormSelectField } from '../../../ui/form-fields';
import { ActorSearch, focusAfterRemoval } from '../shared';
import {
  alsoSupportedMessage,
  DEFAULT_ROLE,
  PARTICIPANTS_LABEL,
  participantsAlsoSupported,
  ROLES,
  type ActionFormValues,
  type ActionType,
} from './schema';

/**
 * The participants of an action, each with a role among those of its type. A support's organisation
 * supported is not offered; one already listed (older data, or made the one supported since) is
 * refused here, in the API's words, before sending.
 */
export function ParticipantsEditor({ type, errors = [] }: { type: ActionType; errors?: string[] }): ReactNode {
  const { t } = useTranslation(['activity', 'domain', 'common']);
  const { control } = useFormContext<ActionFormValues>();
  const { fields, append, remove } = useFieldArray({ control, name: 'participants' });
  const [participants, supportedActorId] = useWatch({ control, name: ['participants', 'support.supportedActorId'] });
  const alsoSupported = participantsAlsoSupported(type, supportedActorId, participants).map(({ name }) =>
    alsoSupportedMessage(t, name),
  );
  const fieldset = useRef<HTMLFieldSetElement>(null);
  /** Removes a row; its button goes with it, so focus the next row's (or the previous, or the search field). */
  const removeRow = (index: number) => {
    remove(index);
    focusAfterRemoval(fieldset.current, '.editor-row', index, fields.length);
  };
  return (
    <fieldset className="field" ref={fieldset} data-field="participants">
      <legend>{t(PARTICIPANTS_LABEL[type])}</legend>
      {fields.length === 0 ? <p className="muted">{t('activity:form.noParticipant')}</p> : null}
      <ul className="editor-rows">
        {fields.map((participant, index) => (
          <li key={participant.id} className="editor-row">
            <span className="editor-name">{participant.name}</span>
            <FormSelectField
              control={control}
              path={`participants.${index}.role`}
              label={t('activity:form.roleOf', { name: participant.name })}
              options={[
                ...ROLES[type].map((role) => ({ value: role, label: t(`domain:participantRole.${role}`) })),
                // A role this type no longer offers, that the action already had: kept, and said so.
                ...(participants[index] && !ROLES[type].includes(participants[index].role)
                  ? [
                      {
                        value: participants[index].role,
                        label: t('activity:form.legacyRole', {
                          role: t(`domain:participantRole.${participants[index].role}`),
                        }),
                      },
                    ]
                  : []),
              ]}
            />
            <Button variant="tertiary" onClick={() => removeRow(index)}>
              {t('activity:form.remove')}
              <span className="visually-hidden"> {participant.name}</span>
            </Button>
          </li>
        ))}
      </ul>
      <ActorSearch
        label={t('activity:form.addParticipant')}
        exclude={[...fields.map((item) => item.actorId), ...(type === 'support' ? [supportedActorId] : [])]}
        errors={[...alsoSupported, ...errors]}
        onPick={(actor) =>
          append({ actorId: actor.id, name: actor.name, role: DEFAULT_ROLE[type] }, { shouldFocus: false })
        }
      />
    </fieldset>
  );
}
