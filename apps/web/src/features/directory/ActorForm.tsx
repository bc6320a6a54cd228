import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useTerritory } from '../../app/territory';
import {
  Button,
  CheckboxGroup,
  ErrorState,
  fieldErrors,
  FieldShell,
  FormErrors,
  Loading,
  PageHeader,
  SelectField,
  TextArea,
  TextField,
} from '../../ui/components';
import { useNotify } from '../../ui/notices';
import { CATEGORIES, FRAGILITIES, SIZE_CLASSES, type Actor, type ActorCategory } from './data';
import {
  checkCommune,
  checkNaf,
  checkPoint,
  checkRna,
  checkSiren,
  checkSiret,
  checkWebsite,
  parseCoordinate,
} from './identifiers';
import { actorKeys, useActor, useCommunes } from './queries';
import { priorityKeys } from '../activity/queries';

interface FormState {
  category: ActorCategory;
  name: string;
  employer: '' | 'true' | 'false';
  sizeClass: string;
  siren: string;
  siret: string;
  rna: string;
  nafCode: string;
  communeCode: string;
  address: string;
  latitude: string;
  longitude: string;
  website: string;
  fragilities: string[];
  priorityIds: string[];
  tags: string;
  description: string;
}
type Field = keyof FormState;

function initialState(actor?: Actor): FormState {
  return {
    category: actor?.category ?? 'association',
    name: actor?.name ?? '',
    employer: actor?.employer === true ? 'true' : actor?.employer === false ? 'false' : '',
    sizeClass: actor?.sizeClass ?? '',
    siren: actor?.siren ?? '',
    siret: actor?.siret ?? '',
    rna: actor?.rna ?? '',
    nafCode: actor?.nafCode ?? '',
    communeCode: actor?.communeCode ?? '',
    address: actor?.address ?? '',
    latitude: actor?.location ? String(actor.location.latitude) : '',
    longitude: actor?.location ? String(actor.location.longitude) : '',
    website: actor?.website ?? '',
    fragilities: actor?.fragilities ?? [],
    priorityIds: actor?.priorityIds ?? [],
    tags: actor?.tags.join(', ') ?? '',
    description: actor?.description ?? '',
  };
}

/** The client-side checks, as catalogue keys per field (the API's own rules and wording). */
function checks(form: FormState): Partial<Record<Field, string>> {
  const result: Partial<Record<Field, string>> = {};
  if (!form.name.trim()) result.name = 'check.name';
  const siren = checkSiren(form.siren);
  if (siren) result.siren = siren;
  const siret = checkSiret(form.siret, form.siren);
  if (siret) result.siret = siret;
  if (form.category === 'association') {
    const rna = checkRna(form.rna);
    if (rna) result.rna = rna;
  }
  const naf = checkNaf(form.nafCode);
  if (naf) result.nafCode = naf;
  const commune = checkCommune(form.communeCode);
  if (commune) result.communeCode = commune;
  const website = checkWebsite(form.website);
  if (website) result.website = website;
  Object.assign(result, checkPoint(form.latitude, form.longitude));
  return result;
}

/** A field is checked once left, or as soon as an identifier has all its digits. */
function complete(field: Field, value: string): boolean {
  const digits = value.replace(/\s/g, '').length;
  if (field === 'siren') return digits >= 9;
  if (field === 'siret') return digits >= 14;
  if (field === 'rna') return value.trim().length >= 10;
  if (field === 'communeCode') return value.trim().length >= 5;
  return false;
}

const text = (value: string): string | null => value.trim() || null;

function body(form: FormState): Schemas['CreateActorDto'] {
  const lat = form.latitude.trim();
  const lon = form.longitude.trim();
  return {
    category: form.category,
    name: form.name.trim(),
    employer: form.category === 'association' && form.employer ? form.employer === 'true' : null,
    sizeClass:
      form.category === 'company' && form.sizeClass ? (form.sizeClass as Schemas['CreateActorDto']['sizeClass']) : null,
    siren: text(form.siren),
    siret: text(form.siret),
    rna: form.category === 'association' ? text(form.rna) : null,
    nafCode: text(form.nafCode),
    communeCode: text(form.communeCode),
    address: text(form.address),
    latitude: lat ? parseCoordinate(lat) : null,
    longitude: lon ? parseCoordinate(lon) : null,
    website: text(form.website),
    fragilities: form.fragilities as Schemas['CreateActorDto']['fragilities'],
    priorityIds: form.priorityIds,
    tags: [
      ...new Set(
        form.tags
          .split(/[,;]/)
          .map((tag) => tag.trim())
          .filter(Boolean),
      ),
    ],
    description: form.description.trim(),
  };
}

function ActorFormBody({ actor, onReload }: { actor?: Actor; onReload?: () => void }): ReactNode {
  const { t } = useTranslation(['directory', 'domain', 'common']);
  const { territoryId } = useTerritory();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const communesListId = useId();
  const [form, setForm] = useState<FormState>(() => initialState(actor));
  // The version this form started from: a save over someone else's change is refused (412), not silent.
  const [version] = useState(actor?.version);
  const [touched, setTouched] = useState<Set<Field>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [clientError, setClientError] = useState<ApiError | undefined>();
  const [editedSinceSave, setEditedSinceSave] = useState<Set<Field>>(new Set());
  const communes = useCommunes(territoryId);
  const priorities = useQuery({
    queryKey: priorityKeys.all(territoryId),
    queryFn: () => call(api.GET('/api/v1/territories/{territoryId}/priorities', { params: { path: { territoryId } } })),
  });

  const save = useMutation({
    mutationFn: () =>
      actor
        ? call(
            api.PATCH('/api/v1/territories/{territoryId}/actors/{actorId}', {
              params: {
                path: { territoryId, actorId: actor.id },
                header: { 'If-Match': `"${version ?? actor.version}"` },
              },
              body: body(form),
            }),
          )
        : call(
            api.POST('/api/v1/territories/{territoryId}/actors', {
              params: { path: { territoryId } },
              body: body(form),
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

  const problems = checks(form);
  const set =
    (field: Field) =>
    (event: { target: { value: string } }): void => {
      const value = event.target.value;
      setForm((current) => ({ ...current, [field]: value }));
      setEditedSinceSave((current) => new Set(current).add(field));
    };
  const touch = (field: Field) => () => setTouched((current) => new Set(current).add(field));
  /** The API's messages for the field from the last save, else the live check's. */
  const errorsOf = (field: Field): string[] | undefined => {
    const server = editedSinceSave.has(field) ? undefined : fieldErrors(save.error, field);
    if (server?.length) return server;
    const key = problems[field];
    const value = form[field];
    const shown = submitted || touched.has(field) || (typeof value === 'string' && complete(field, value));
    return key && shown ? [t(`directory:${key}`)] : undefined;
  };
  const input = (field: Field) => ({
    value: form[field] as string,
    onChange: set(field),
    onBlur: touch(field),
    errors: errorsOf(field),
  });

  const versionConflict = save.error instanceof ApiError && save.error.status === 412;
  return (
    <form
      noValidate
      className="actor-form"
      onSubmit={(event) => {
        event.preventDefault();
        setSubmitted(true);
        const entries = Object.entries(problems) as [Field, string][];
        if (entries.length > 0) {
          setClientError(
            new ApiError(400, {
              detail: t('directory:form.fix'),
              errors: entries.map(([field, key]) => ({ field, message: t(`directory:${key}`) })),
            }),
          );
          return;
        }
        setClientError(undefined);
        save.mutate();
      }}
    >
      <FormErrors error={clientError ?? save.error} />
      {versionConflict && onReload ? (
        <p>
          <Button variant="secondary" onClick={onReload}>
            {t('directory:form.reload')}
          </Button>
        </p>
      ) : null}
      <fieldset className="card">
        <legend>{t('directory:form.identity')}</legend>
        <div className="form-grid">
          <SelectField
            label={t('directory:fields.category')}
            required
            value={form.category}
            onChange={set('category')}
            options={CATEGORIES.map((value) => ({ value, label: t(`domain:category.${value}`) }))}
            errors={fieldErrors(save.error, 'category')}
          />
          <TextField label={t('directory:fields.name')} required maxLength={300} {...input('name')} />
          {form.category === 'association' ? (
            <SelectField
              label={t('directory:fields.employer')}
              hint={t('directory:form.employerHint')}
              value={form.employer}
              onChange={set('employer')}
              placeholder={t('directory:form.unknown')}
              options={[
                { value: 'true', label: t('directory:form.employerYes') },
                { value: 'false', label: t('directory:form.employerNo') },
              ]}
              errors={errorsOf('employer')}
            />
          ) : null}
          {form.category === 'company' ? (
            <SelectField
              label={t('directory:fields.sizeClass')}
              value={form.sizeClass}
              onChange={set('sizeClass')}
              placeholder={t('directory:form.unknown')}
              options={SIZE_CLASSES.map((value) => ({ value, label: t(`domain:sizeClass.${value}`) }))}
              errors={errorsOf('sizeClass')}
            />
          ) : null}
        </div>
      </fieldset>
      <fieldset className="card">
        <legend>{t('directory:form.identifiers')}</legend>
        <div className="form-grid">
          <TextField
            label={t('directory:fields.siren')}
            hint={t('directory:form.sirenHint')}
            inputMode="numeric"
            autoComplete="off"
            maxLength={20}
            {...input('siren')}
          />
          <TextField
            label={t('directory:fields.siret')}
            hint={t('directory:form.siretHint')}
            inputMode="numeric"
            autoComplete="off"
            maxLength={30}
            {...input('siret')}
          />
          {form.category === 'association' ? (
            <TextField
              label={t('directory:fields.rna')}
              hint={t('directory:form.rnaHint')}
              autoComplete="off"
              maxLength={20}
              {...input('rna')}
            />
          ) : null}
          <TextField
            label={t('directory:fields.nafCode')}
            hint={t('directory:form.nafHint')}
            autoComplete="off"
            maxLength={10}
            {...input('nafCode')}
          />
        </div>
      </fieldset>
      <fieldset className="card">
        <legend>{t('directory:form.location')}</legend>
        <div className="form-grid">
          <FieldShell
            label={t('directory:fields.communeCode')}
            hint={t('directory:form.communeHint')}
            errors={errorsOf('communeCode')}
          >
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
                list={communesListId}
                autoComplete="off"
                maxLength={5}
                value={form.communeCode}
                onChange={set('communeCode')}
                onBlur={touch('communeCode')}
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
          <TextField label={t('directory:fields.address')} maxLength={500} {...input('address')} />
          <TextField
            label={t('directory:fields.latitude')}
            hint={t('directory:form.latitudeHint')}
            inputMode="decimal"
            {...input('latitude')}
          />
          <TextField
            label={t('directory:fields.longitude')}
            hint={t('directory:form.longitudeHint')}
            inputMode="decimal"
            {...input('longitude')}
          />
          <TextField
            label={t('directory:fields.website')}
            hint={t('directory:form.websiteHint')}
            type="url"
            maxLength={500}
            {...input('website')}
          />
        </div>
      </fieldset>
      <fieldset className="card">
        <legend>{t('directory:form.issues')}</legend>
        <CheckboxGroup
          legend={t('directory:fields.fragilities')}
          options={FRAGILITIES.map((value) => ({ value, label: t(`domain:fragility.${value}`) }))}
          value={form.fragilities}
          onChange={(next) => setForm((current) => ({ ...current, fragilities: next }))}
          errors={fieldErrors(save.error, 'fragilities')}
        />
        {priorities.isPending ? (
          <Loading />
        ) : priorities.error ? (
          <ErrorState error={priorities.error} onRetry={() => void priorities.refetch()} />
        ) : priorities.data.length > 0 ? (
          <CheckboxGroup
            legend={t('directory:fields.priorities')}
            options={priorities.data.map((priority) => ({ value: priority.id, label: priority.title }))}
            value={form.priorityIds}
            onChange={(next) => setForm((current) => ({ ...current, priorityIds: next }))}
            errors={fieldErrors(save.error, 'priorityIds')}
          />
        ) : (
          <p className="muted">{t('directory:form.noPriority')}</p>
        )}
        <TextField
          label={t('directory:fields.tags')}
          hint={t('directory:form.tagsHint')}
          value={form.tags}
          onChange={set('tags')}
          errors={fieldErrors(save.error, 'tags')}
        />
        <TextArea
          label={t('directory:fields.description')}
          rows={5}
          maxLength={10000}
          value={form.description}
          onChange={set('description')}
          errors={fieldErrors(save.error, 'description')}
        />
      </fieldset>
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
