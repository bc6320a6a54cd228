import { useId, type ReactNode } from 'react';
import { Controller, useFormContext, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useTerritory } from '../../app/territory';
import { ApiError } from '../../api/client';
import { Button, CheckboxGroup, ErrorState, FieldErrorsOnly, FieldShell, Loading } from '../../ui/components';
import { FormSelectField, FormTextArea, FormTextField } from '../../ui/form-fields';
import { today } from '../../ui/format';
import { usePriorities } from '../activity/queries';
import type { ActorField, ActorFormValues } from './actor-form-schema';
import { CATEGORIES, FRAGILITIES, SIZE_CLASSES } from './data';
import { useCommunes } from './queries';

type TextFieldName = Exclude<ActorField, 'fragilities' | 'priorityIds'>;

/** How a section shows and edits the form's fields (see ActorForm). */
export interface ActorFieldProps {
  /** The messages a field shows: the API's from the last save, else the live check's once due. */
  errorsOf: (field: ActorField) => string[] | undefined;
  /** The API's messages for a field from the last save. */
  serverErrors: (field: string) => string[] | undefined;
  /** Notes that the user changed a field since the last save (its API messages no longer apply). */
  edited: (field: ActorField) => void;
}

/** A text field's binding: the form's field, its edits noted, its messages. */
function useInput({ errorsOf, edited }: ActorFieldProps) {
  const { control } = useFormContext<ActorFormValues>();
  return (field: TextFieldName) => ({
    control,
    path: field,
    onChange: () => edited(field),
    errors: errorsOf(field),
  });
}

export function IdentityFields(props: ActorFieldProps): ReactNode {
  const { t } = useTranslation(['directory', 'domain']);
  const { control } = useFormContext<ActorFormValues>();
  const category = useWatch({ control, name: 'category' });
  const input = useInput(props);
  return (
    <fieldset className="card">
      <legend>{t('directory:form.identity')}</legend>
      <div className="form-grid">
        <FormSelectField
          {...input('category')}
          label={t('directory:fields.category')}
          required
          options={CATEGORIES.map((value) => ({ value, label: t(`domain:category.${value}`) }))}
          errors={props.serverErrors('category')}
        />
        <FormTextField label={t('directory:fields.name')} required maxLength={300} {...input('name')} />
        {category === 'association' ? (
          <FormSelectField
            {...input('employer')}
            label={t('directory:fields.employer')}
            hint={t('directory:form.employerHint')}
            placeholder={t('directory:form.unknown')}
            options={[
              { value: 'true', label: t('directory:form.employerYes') },
              { value: 'false', label: t('directory:form.employerNo') },
            ]}
          />
        ) : null}
        {category === 'company' ? (
          <FormSelectField
            {...input('sizeClass')}
            label={t('directory:fields.sizeClass')}
            placeholder={t('directory:form.unknown')}
            options={SIZE_CLASSES.map((value) => ({ value, label: t(`domain:sizeClass.${value}`) }))}
          />
        ) : null}
      </div>
    </fieldset>
  );
}

/** SIREN, SIRET, RNA, NAF and the organisation's creation date. */
export function IdentifierFields(props: ActorFieldProps): ReactNode {
  const { t } = useTranslation(['directory']);
  const category = useWatch<ActorFormValues, 'category'>({ name: 'category' });
  const input = useInput(props);
  return (
    <fieldset className="card">
      <legend>{t('directory:form.identifiers')}</legend>
      <div className="form-grid">
        <FormTextField
          label={t('directory:fields.siren')}
          hint={t('directory:form.sirenHint')}
          inputMode="numeric"
          autoComplete="off"
          maxLength={20}
          {...input('siren')}
        />
        <FormTextField
          label={t('directory:fields.siret')}
          hint={t('directory:form.siretHint')}
          inputMode="numeric"
          autoComplete="off"
          maxLength={30}
          {...input('siret')}
        />
        {category === 'association' ? (
          <FormTextField
            label={t('directory:fields.rna')}
            hint={t('directory:form.rnaHint')}
            autoComplete="off"
            maxLength={20}
            {...input('rna')}
          />
        ) : null}
        <FormTextField
          label={t('directory:fields.nafCode')}
          hint={t('directory:form.nafHint')}
          autoComplete="off"
          maxLength={10}
          {...input('nafCode')}
        />
        <FormTextField
          label={t('directory:fields.foundedOn')}
          hint={t('directory:form.foundedOnHint')}
          type="date"
          max={today()}
          {...input('foundedOn')}
        />
      </div>
    </fieldset>
  );
}

/** The commune (INSEE code), with the territory's communes offered as the user types. */
export function CommuneField(props: ActorFieldProps): ReactNode {
  const { t } = useTranslation(['directory']);
  const { territoryId } = useTerritory();
  const { control } = useFormContext<ActorFormValues>();
  const communesListId = useId();
  const communes = useCommunes(territoryId);
  return (
    <>
      <FieldShell
        label={t('directory:fields.communeCode')}
        hint={t('directory:form.communeHint')}
        errors={props.errorsOf('communeCode')}
      >
        {({ id, describedBy, invalid }) => (
          <Controller
            control={control}
            name="communeCode"
            render={({ field }) => (
              <input
                id={id}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
                list={communesListId}
                autoComplete="off"
                maxLength={5}
                value={field.value}
                onChange={(event) => {
                  field.onChange(event.target.value);
                  props.edited('communeCode');
                }}
                onBlur={field.onBlur}
              />
            )}
          />
        )}
      </FieldShell>
      <datalist id={communesListId}>
        {(communes.data ?? []).map((commune) => (
          <option key={commune.code} value={commune.code}>
            {commune.name}
          </option>
        ))}
      </datalist>
    </>
  );
}

/** The commune (unless `withCommune` is false: a member's profile has it reviewed apart), address, point and website. */
export function LocationFields({
  withCommune = true,
  ...props
}: ActorFieldProps & { withCommune?: boolean }): ReactNode {
  const { t } = useTranslation(['directory']);
  const input = useInput(props);
  return (
    <fieldset className="card">
      <legend>{t('directory:form.location')}</legend>
      <div className="form-grid">
        {withCommune ? <CommuneField {...props} /> : null}
        <FormTextField label={t('directory:fields.address')} maxLength={500} {...input('address')} />
        <FormTextField
          label={t('directory:fields.latitude')}
          hint={t('directory:form.latitudeHint')}
          inputMode="decimal"
          {...input('latitude')}
        />
        <FormTextField
          label={t('directory:fields.longitude')}
          hint={t('directory:form.longitudeHint')}
          inputMode="decimal"
          {...input('longitude')}
        />
        <FormTextField
          label={t('directory:fields.website')}
          hint={t('directory:form.websiteHint')}
          // Not type="url": the browser would hold « www.exemple.fr » (no scheme) invalid, the API takes it.
          inputMode="url"
          maxLength={500}
          {...input('website')}
        />
      </div>
    </fieldset>
  );
}

/** The territory's priorities the actor works on (the coordination's choice). */
function PrioritiesField(props: ActorFieldProps): ReactNode {
  const { t } = useTranslation(['directory']);
  const { control } = useFormContext<ActorFormValues>();
  const priorities = usePriorities();
  const listed = !priorities.isPending && !priorities.error && priorities.data.length > 0;
  const list = priorities.isPending ? (
    <Loading />
  ) : priorities.error ? (
    <ErrorState error={priorities.error} onRetry={() => void priorities.refetch()} />
  ) : priorities.data.length > 0 ? (
    <Controller
      control={control}
      name="priorityIds"
      render={({ field }) => (
        <CheckboxGroup
          legend={t('directory:fields.priorities')}
          options={priorities.data.map((priority) => ({ value: priority.id, label: priority.title }))}
          value={field.value}
          onChange={field.onChange}
          errors={props.serverErrors('priorityIds')}
        />
      )}
    />
  ) : (
    <p className="muted">{t('directory:form.noPriority')}</p>
  );
  return (
    <>
      {list}
      {/* Without the list (loading, none to offer: one deleted meanwhile), its messages go under this. */}
      {listed ? null : <FieldErrorsOnly errors={props.serverErrors('priorityIds')} />}
    </>
  );
}

/** Fragilities, priorities (unless `withPriorities` is false: not a member's to set), tags and description. */
export function IssuesFields({
  withPriorities = true,
  ...props
}: ActorFieldProps & { withPriorities?: boolean }): ReactNode {
  const { t } = useTranslation(['directory', 'domain']);
  const { control } = useFormContext<ActorFormValues>();
  const input = useInput(props);
  return (
    <fieldset className="card">
      <legend>{t(withPriorities ? 'directory:form.issues' : 'directory:form.issuesNoPriority')}</legend>
      <Controller
        control={control}
        name="fragilities"
        render={({ field }) => (
          <CheckboxGroup
            legend={t('directory:fields.fragilities')}
            options={FRAGILITIES.map((value) => ({ value, label: t(`domain:fragility.${value}`) }))}
            value={field.value}
            onChange={field.onChange}
            errors={props.serverErrors('fragilities')}
          />
        )}
      />
      {withPriorities ? <PrioritiesField {...props} /> : null}
      <FormTextField
        label={t('directory:fields.tags')}
        hint={t('directory:form.tagsHint')}
        {...input('tags')}
        errors={props.serverErrors('tags')}
      />
      <FormTextArea
        label={t('directory:fields.description')}
        rows={5}
        maxLength={10000}
        {...input('description')}
        errors={props.serverErrors('description')}
      />
    </fieldset>
  );
}

/** After a save refused because the actor changed meanwhile (412): reload the form from the actor as it is now. */
export function ReloadOnConflict({ error, onReload }: { error: unknown; onReload?: () => void }): ReactNode {
  const { t } = useTranslation(['directory']);
  if (!(error instanceof ApiError && error.status === 412) || !onReload) return null;
  return (
    <p>
      <Button variant="secondary" onClick={onReload}>
        {t('directory:form.reload')}
      </Button>
    </p>
  );
}
