import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useMemo, useState, type ReactNode } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import {
  ACTION_TYPES,
  ALLIANCE_MODES,
  FRAGILITIES,
  RESOURCE_AUDIENCES,
  RESOURCE_AXES,
  RESOURCE_KINDS,
  RESOURCE_SHEET_KINDS,
  RESOURCE_SORTS,
} from '@maillage/contract';
import { download, type Schemas } from '../../api/client';
import { useTerritory } from '../../app/territory';
import { useAuth } from '../../auth/auth';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import {
  Badge,
  Button,
  CheckboxGroup,
  Dialog,
  errorMessage,
  fieldErrors,
  FormErrors,
  LoadMore,
  PageHeader,
  QueryView,
  SelectField,
  TextField,
} from '../../ui/components';
import { FormSelectField, FormTextArea, FormTextField } from '../../ui/form-fields';
import { formatBytes, formatDate, formatNumber } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import {
  fileUrl,
  noFilters,
  useAddResource,
  useDeleteResource,
  useRecordVisit,
  useUpdateResource,
  useKit,
  useResources,
  type Centre,
  type Filters,
  type Resource,
} from './queries';
import {
  resourceFormSchema,
  resourceFormValues,
  resourceUpdateBody,
  type ResourceFormValues,
} from './resource-form-schema';
import { CaseStudyGallery, ResourceTabs } from './CaseStudiesPages';
import './resources.css';
import { useDebouncedSearch } from './debounced-search';

type Body = Schemas['CreateResourceDto'];

/** The tag families a resource carries, each with its values and the catalogue naming them. */
const TAGS = [
  { key: 'fragilities', values: FRAGILITIES, catalogue: 'fragility' },
  { key: 'actionTypes', values: ACTION_TYPES, catalogue: 'actionType' },
  { key: 'allianceModes', values: ALLIANCE_MODES, catalogue: 'allianceMode' },
  { key: 'audiences', values: RESOURCE_AUDIENCES, catalogue: 'resourceAudience' },
] as const;

/** What the file input accepts (the API checks the content itself). */
const ACCEPT = '.pdf,.odt,.ods,.odp,.docx,.xlsx,.pptx,.png,.jpg,.jpeg';

/** The kit's four axes, each with its description from the kit (and the toolbox's sheet kinds). */
function KitOverview(): ReactNode {
  const { t } = useTranslation('resources');
  const kit = useKit();
  return (
    <QueryView query={kit}>
      {(data) => (
        <details className="kit card">
          <summary>{t('kit.title', { title: data.title })}</summary>
          <ul className="kit-axes">
            {data.axes.map((axis) => (
              <li key={axis.value}>
                <strong>{axis.label}</strong> — {axis.description}
                {axis.sheetKinds.length > 0 ? (
                  <ul>
                    {axis.sheetKinds.map((kind) => (
                      <li key={kind.value}>{kind.label}</li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </details>
      )}
    </QueryView>
  );
}

/** Search box and tag filters; the search waits for a pause in typing. */
function FiltersForm({ filters, onChange }: { filters: Filters; onChange: (next: Filters) => void }): ReactNode {
  const { t } = useTranslation(['resources', 'domain']);
  const [text, setText] = useDebouncedSearch(filters.q, (q) => onChange({ ...filters, q }));
  const options = (values: readonly string[], catalogue: string) =>
    values.map((value) => ({ value, label: t(`domain:${catalogue}.${value}`) }));
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => onChange({ ...filters, [key]: value });
  return (
    <form role="search" className="resource-filters card" onSubmit={(event) => event.preventDefault()}>
      <TextField
        type="search"
        label={t('resources:filters.search')}
        hint={t('resources:filters.searchHint')}
        value={text}
        maxLength={200}
        onChange={(event) => setText(event.target.value)}
      />
      <div className="resource-filter-row">
        <SelectField
          label={t('resources:fields.axis')}
          placeholder={t('resources:filters.any')}
          options={options(RESOURCE_AXES, 'resourceAxis')}
          value={filters.axis}
          onChange={(event) => set('axis', event.target.value as Filters['axis'])}
        />
        <SelectField
          label={t('resources:fields.sheetKind')}
          placeholder={t('resources:filters.any')}
          options={options(RESOURCE_SHEET_KINDS, 'resourceSheetKind')}
          value={filters.sheetKind}
          onChange={(event) => set('sheetKind', event.target.value as Filters['sheetKind'])}
        />
        <SelectField
          label={t('resources:fields.kind')}
          placeholder={t('resources:filters.any')}
          options={options(RESOURCE_KINDS, 'resourceKind')}
          value={filters.kind}
          onChange={(event) => set('kind', event.target.value as Filters['kind'])}
        />
        <SelectField
          label={t('resources:filters.sort')}
          placeholder={t('resources:filters.sortDefault')}
          options={RESOURCE_SORTS.map((value) => ({ value, label: t(`resources:sort.${value}`) }))}
          value={filters.sort}
          onChange={(event) => set('sort', event.target.value as Filters['sort'])}
        />
      </div>
      <details>
        <summary>{t('resources:filters.tags')}</summary>
        <div className="resource-filter-row">
          {TAGS.map((tag) => (
            <CheckboxGroup
              key={tag.key}
              legend={t(`resources:fields.${tag.key}`)}
              options={options(tag.values, tag.catalogue)}
              value={filters[tag.key]}
              onChange={(next) => set(tag.key, next)}
            />
          ))}
        </div>
      </details>
    </form>
  );
}

/** One resource: badges for its type and axis, its description, its file or link. */
function ResourceItem({
  centre,
  resource,
  canEdit,
  onEdit,
  onDelete,
}: {
  centre: Centre;
  resource: Resource;
  canEdit: boolean;
  onEdit: (resource: Resource) => void;
  onDelete: (resource: Resource) => void;
}): ReactNode {
  const { t } = useTranslation(['resources', 'domain', 'common']);
  const notify = useNotify();
  const [downloading, setDownloading] = useState(false);
  const visit = useRecordVisit(centre);
  const hidden = <span className="visually-hidden"> « {resource.title} »</span>;
  const tags = [
    ...resource.fragilities.map((value) => t(`domain:fragility.${value}`)),
    ...resource.actionTypes.map((value) => t(`domain:actionType.${value}`)),
    ...resource.allianceModes.map((value) => t(`domain:allianceMode.${value}`)),
    ...resource.audiences.map((value) => t(`domain:resourceAudience.${value}`)),
  ];
  return (
    <li className="resource card">
      <h3>{resource.title}</h3>
      <p className="resource-badges">
        <Badge tone="info">
          {resource.file
            ? t(`domain:resourceFileType.${resource.file.type}`)
            : t(`domain:resourceKind.${resource.kind}`)}
        </Badge>{' '}
        <Badge>{t(`domain:resourceAxis.${resource.axis}`)}</Badge>{' '}
        {resource.sheetKind ? <Badge>{t(`domain:resourceSheetKind.${resource.sheetKind}`)}</Badge> : null}{' '}
        {resource.status === 'draft' ? <Badge tone="warning">{t('domain:resourceStatus.draft')}</Badge> : null}
      </p>
      {resource.summary ? <p>{resource.summary}</p> : null}
      <p className="muted">
        {[
          resource.author,
          resource.publishedOn ? formatDate(resource.publishedOn) : '',
          resource.licence ? t('resources:licence', { licence: resource.licence }) : '',
          resource.file ? formatBytes(resource.file.sizeBytes) : '',
          resource.kind === 'file'
            ? t('resources:downloads', { count: resource.downloads, n: formatNumber(resource.downloads) })
            : t('resources:openings', { count: resource.downloads, n: formatNumber(resource.downloads) }),
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {tags.length > 0 ? <p className="resource-tags">{tags.join(' · ')}</p> : null}
      <div className="row">
        {resource.kind === 'link' && resource.url ? (
          <a
            className="btn btn-secondary"
            href={resource.url}
            target="_blank"
            rel="noopener noreferrer"
            onClick={() => visit.mutate(resource)}
          >
            {t('resources:open')}
            {hidden}
          </a>
        ) : null}
        {resource.file ? (
          <Button
            variant="secondary"
            busy={downloading}
            onClick={() => {
              setDownloading(true);
              download(fileUrl(centre, resource), resource.file?.name ?? 'ressource')
                .catch((error: unknown) => notify('error', errorMessage(error, t)))
                .finally(() => setDownloading(false));
            }}
          >
            {t('common:actions.download')}
            {hidden}
          </Button>
        ) : null}
        {canEdit ? (
          <Button variant="tertiary" onClick={() => onEdit(resource)}>
            {t('common:actions.edit')}
            {hidden}
          </Button>
        ) : null}
        {canEdit ? (
          <Button variant="tertiary" onClick={() => onDelete(resource)}>
            {t('common:actions.delete')}
            {hidden}
          </Button>
        ) : null}
      </div>
    </li>
  );
}

/**
 * The form that adds a resource (a link, or a file checked by the API from its content) or, given
 * `resource`, edits its description and tags (its kind and file stay).
 */
function ResourceForm({
  centre,
  resource,
  onDone,
}: {
  centre: Centre;
  resource?: Resource;
  onDone: (saved: Resource) => void;
}): ReactNode {
  const { t } = useTranslation(['resources', 'domain', 'common']);
  const schema = useMemo(() => resourceFormSchema(t), [t]);
  const form = useForm<ResourceFormValues, unknown, Body>({
    resolver: zodResolver(schema),
    defaultValues: resourceFormValues(resource),
  });
  const [file, setFile] = useState<File | null>(null);
  const [fileMissing, setFileMissing] = useState(false);
  const fileId = useId();
  const add = useAddResource(centre, { onSuccess: onDone });
  const update = useUpdateResource(centre, { onSuccess: onDone });
  const saving = resource ? update : add;
  const kind = useWatch({ control: form.control, name: 'kind' });
  const axis = useWatch({ control: form.control, name: 'axis' });
  const errors = (path: keyof ResourceFormValues) => [
    ...(form.formState.errors[path]?.message ? [String(form.formState.errors[path]?.message)] : []),
    ...(fieldErrors(saving.error, path) ?? []),
  ];
  const options = (values: readonly string[], catalogue: string) =>
    values.map((value) => ({ value, label: t(`domain:${catalogue}.${value}`) }));
  const tagGroup = (tag: (typeof TAGS)[number]) => (
    <Controller
      key={tag.key}
      control={form.control}
      name={tag.key}
      render={({ field }) => (
        <CheckboxGroup
          legend={t(`resources:fields.${tag.key}`)}
          options={options(tag.values, tag.catalogue)}
          value={field.value}
          onChange={field.onChange}
        />
      )}
    />
  );
  return (
    <form
      noValidate
      onSubmit={(event) => {
        void form.handleSubmit((body) => {
          if (resource) {
            update.mutate({ resource, body: resourceUpdateBody(body) });
            return;
          }
          if (body.kind === 'file' && !file) {
            setFileMissing(true);
            return;
          }
          add.mutate({ body, file });
        })(event);
      }}
    >
      <FormErrors error={saving.error} />
      {resource ? null : (
        <FormSelectField
          control={form.control}
          path="kind"
          label={t('resources:fields.kind')}
          options={options(RESOURCE_KINDS, 'resourceKind')}
          required
        />
      )}
      <FormTextField
        control={form.control}
        path="title"
        label={t('resources:fields.title')}
        required
        maxLength={300}
        errors={errors('title')}
      />
      {kind === 'link' ? (
        <FormTextField
          control={form.control}
          path="url"
          type="url"
          label={t('resources:fields.url')}
          hint={t('resources:fields.urlHint')}
          required
          maxLength={2000}
          errors={errors('url')}
        />
      ) : resource ? null : (
        <div className={`field${fileMissing || fieldErrors(add.error, 'file') ? ' field-invalid' : ''}`}>
          <label htmlFor={fileId}>
            {t('resources:fields.file')} <span aria-hidden="true">*</span>
          </label>
          <p className="hint" id={`${fileId}-hint`}>
            {t('resources:fields.fileHint')}
          </p>
          <input
            id={fileId}
            type="file"
            accept={ACCEPT}
            required
            aria-describedby={`${fileId}-hint`}
            aria-invalid={fileMissing || undefined}
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setFileMissing(false);
            }}
          />
          {fileMissing ? (
            <p className="field-error" role="alert">
              {t('resources:errors.file')}
            </p>
          ) : null}
        </div>
      )}
      <FormTextArea
        control={form.control}
        path="summary"
        label={t('resources:fields.summary')}
        maxLength={5000}
        rows={3}
      />
      <FormTextField control={form.control} path="author" label={t('resources:fields.author')} maxLength={300} />
      <FormTextField
        control={form.control}
        path="publishedOn"
        type="date"
        label={t('resources:fields.publishedOn')}
        errors={errors('publishedOn')}
      />
      <FormTextField control={form.control} path="licence" label={t('resources:fields.licence')} maxLength={200} />
      <FormSelectField
        control={form.control}
        path="axis"
        label={t('resources:fields.axis')}
        options={options(RESOURCE_AXES, 'resourceAxis')}
        required
      />
      {axis === 'toolbox' ? (
        <FormSelectField
          control={form.control}
          path="sheetKind"
          label={t('resources:fields.sheetKind')}
          placeholder={t('resources:filters.none')}
          options={options(RESOURCE_SHEET_KINDS, 'resourceSheetKind')}
        />
      ) : null}
      {TAGS.map((tag) => tagGroup(tag))}
      <div className="form-actions">
        <Button type="submit" busy={saving.isPending}>
          {t(resource ? 'resources:edit.submit' : 'resources:add.submit')}
        </Button>
      </div>
    </form>
  );
}

/** A centre: its filters, its list, and for its editors the form that adds and the delete button. */
export function ResourceCentre({
  centre,
  canEdit,
  title,
}: {
  centre: Centre;
  canEdit: boolean;
  title: string;
}): ReactNode {
  const { t } = useTranslation(['resources', 'common']);
  const notify = useNotify();
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<Resource | null>(null);
  const [editing, setEditing] = useState<Resource | null>(null);
  const resources = useResources(centre, filters);
  const remove = useDeleteResource(centre, {
    onSuccess: () => {
      notify('success', t('resources:deleted', { title: deleting?.title ?? '' }));
      setDeleting(null);
    },
  });
  return (
    <section aria-label={title}>
      <div className="row resource-centre-header">
        <h2>{title}</h2>
        {canEdit ? <Button onClick={() => setAdding(true)}>{t('resources:add.open')}</Button> : null}
      </div>
      <FiltersForm filters={filters} onChange={setFilters} />
      <QueryView query={resources}>
        {(data) => {
          const items = data.pages.flatMap((page) => page.items);
          const filtered = JSON.stringify(filters) !== JSON.stringify(noFilters);
          return items.length === 0 ? (
            <p className="state state-empty">
              {filtered
                ? t('resources:empty')
                : t(centre.scope === 'national' ? 'resources:emptyNational' : 'resources:emptyTerritory')}{' '}
              {!filtered && canEdit ? t('resources:emptyAdd') : null}
            </p>
          ) : (
            <>
              <p className="visually-hidden" role="status">
                {t('resources:count', { count: items.length })}
              </p>
              <ul className="resource-list">
                {items.map((resource) => (
                  <ResourceItem
                    key={resource.id}
                    centre={centre}
                    resource={resource}
                    canEdit={canEdit}
                    onEdit={setEditing}
                    onDelete={setDeleting}
                  />
                ))}
              </ul>
              <LoadMore
                hasMore={resources.hasNextPage}
                loading={resources.isFetchingNextPage}
                onClick={() => void resources.fetchNextPage()}
              />
            </>
          );
        }}
      </QueryView>
      <Dialog open={adding} title={t('resources:add.title')} onClose={() => setAdding(false)}>
        <ResourceForm
          centre={centre}
          onDone={(saved) => {
            notify('success', t('resources:add.done', { title: saved.title }));
            setAdding(false);
          }}
        />
      </Dialog>
      <Dialog open={editing !== null} title={t('resources:edit.title')} onClose={() => setEditing(null)}>
        {editing ? (
          <ResourceForm
            key={editing.id}
            centre={centre}
            resource={editing}
            onDone={(saved) => {
              notify('success', t('resources:edit.done', { title: saved.title }));
              setEditing(null);
            }}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title={t('resources:deleteTitle')}
        confirmLabel={t('common:actions.delete')}
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      >
        <p>{t('resources:deleteConfirm', { title: deleting?.title ?? '' })}</p>
      </ConfirmDialog>
    </section>
  );
}

/**
 * The territory's "Ressources" pages: the national centre (`ressources`), the territory's own
 * (`ressources/territoire`) and the national gallery of case studies (`ressources/retours-experience`),
 * one address each, with tabs between them.
 */
export function ResourcesPage({ scope }: { scope: 'national' | 'territory' | 'gallery' }): ReactNode {
  const { t } = useTranslation('resources');
  const { territoryId, territory, isCoordinator, role } = useTerritory();
  const { me } = useAuth();
  const nationalEditor = Boolean(me?.roles.some((item) => item === 'platform_admin' || item === 'observer'));
  const base = `/t/${territoryId}/ressources`;
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('intro')} />
      <KitOverview />
      <ResourceTabs base={base} territoryName={territory.name} />
      {scope === 'gallery' ? (
        <CaseStudyGallery base={`${base}/retours-experience`} />
      ) : scope === 'national' ? (
        <ResourceCentre
          key="national"
          centre={{ scope: 'national' }}
          canEdit={nationalEditor}
          title={t('tabs.national')}
        />
      ) : (
        // Keyed: each centre keeps its own search and filters.
        <ResourceCentre
          key={territoryId}
          centre={{ scope: 'territory', territoryId }}
          canEdit={isCoordinator || role === 'platform_admin'}
          title={t('tabs.territory', { name: territory.name })}
        />
      )}
    </>
  );
}

/**
 * The national centre in the observatory, for national bodies (who publish there) and administrators,
 * with the gallery of the territories' case studies.
 */
export function NationalResourcesPage({ gallery = false }: { gallery?: boolean }): ReactNode {
  const { t } = useTranslation('resources');
  const base = '/observatoire/ressources';
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('intro')} />
      <KitOverview />
      <ResourceTabs base={base} />
      {gallery ? (
        <CaseStudyGallery base={`${base}/retours-experience`} />
      ) : (
        <ResourceCentre centre={{ scope: 'national' }} canEdit title={t('tabs.national')} />
      )}
    </>
  );
}
