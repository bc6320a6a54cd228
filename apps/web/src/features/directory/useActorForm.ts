import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ApiError, type Schemas } from '../../api/client';
import { localeOf } from '../../i18n/locale';
import { fieldErrors } from '../../ui/components';
import {
  actorFormSchema,
  actorFormValues,
  actorMessages,
  complete,
  type ActorField,
  type ActorFormValues,
} from './actor-form-schema';
import type { ActorFieldProps } from './ActorFormFields';
import type { Actor } from './data';

type Body = Schemas['CreateActorDto'];

/**
 * An actor form (the coordination's, or a member's own profile): react-hook-form with the
 * actor schema, each field's messages (the API's from the last save until the field is
 * edited, else the live check's once due), and a submit that checks first.
 */
export function useActorForm(actor: Actor | undefined, saveError: unknown) {
  const { t, i18n } = useTranslation(['directory']);
  const schema = useMemo(() => actorFormSchema(t), [t]);
  const form = useForm<ActorFormValues, unknown, Body>({
    // Coordinates as the reader writes numbers: « 45,7719 » in French (the English console, « 45.7719 »).
    defaultValues: actorFormValues(actor, localeOf(i18n.resolvedLanguage) === 'fr'),
    resolver: zodResolver(schema),
    // A refused submit focuses the summary of what to fix (FormErrors), not a field.
    shouldFocusError: false,
  });
  const [clientError, setClientError] = useState<ApiError | undefined>();
  const [editedSinceSave, setEditedSinceSave] = useState<Set<ActorField>>(new Set());

  const values = form.watch();
  const { isSubmitted, touchedFields } = form.formState;
  const problems = actorMessages(schema, values);
  const fields: ActorFieldProps = {
    serverErrors: (field) => fieldErrors(saveError, field),
    edited: (field) => setEditedSinceSave((current) => new Set(current).add(field)),
    /** The API's messages for the field from the last save, else the live check's. */
    errorsOf: (field) => {
      const server = editedSinceSave.has(field) ? undefined : fieldErrors(saveError, field);
      if (server?.length) return server;
      const message = problems[field];
      const value = values[field];
      const shown =
        isSubmitted || Boolean(touchedFields[field]) || (typeof value === 'string' && complete(field, value));
      return message && shown ? [message] : undefined;
    },
  };

  /**
   * The fields the form shows, each with its messages (`FormErrors` does not repeat those): the
   * category's own (the employer and RNA of an association, the size of a company) and the others.
   */
  const shownAtFields = (Object.keys(values) as ActorField[]).filter((field) =>
    field === 'employer' || field === 'rna'
      ? values.category === 'association'
      : field === 'sizeClass'
        ? values.category === 'company'
        : true,
  );

  /** A field's label, for the summary to name the fields it points to. */
  const labelOf = (field: string): string | undefined => {
    // A list's item (`tags.3`, `fragilities[0]`) is its list's field.
    const name = field.split(/[.[]/)[0] ?? field;
    return i18n.exists(`directory:fields.${name}`) ? t(`directory:fields.${name}`) : undefined;
  };

  /** The form's submit handler: `save` with the API body once the checks pass, else the summary of what to fix. */
  const onSubmit = (save: (body: Body) => void) =>
    form.handleSubmit(
      (body) => {
        setClientError(undefined);
        setEditedSinceSave(new Set());
        save(body);
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
    );

  return { form, schema, fields, error: clientError ?? saveError, onSubmit, shownAtFields, labelOf };
}
