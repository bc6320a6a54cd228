import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useParams } from 'react-router';
import {
  ACTION_TYPES,
  ALLIANCE_MODES,
  CASE_STUDY_SECTIONS,
  CASE_STUDY_STATUSES,
  FRAGILITIES,
} from '@maillage/contract';
import type { Schemas } from '../../api/client';
import { useTerritory } from '../../app/territory';
import {
  Badge,
  Button,
  CheckboxGroup,
  errorMessage,
  fieldErrors,
  FormErrors,
  LoadMore,
  PageHeader,
  QueryView,
  SelectField,
  TextArea,
  TextField,
} from '../../ui/components';
import { formatDate } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import {
  noGalleryFilters,
  useCaseStudies,
  useCaseStudy,
  useConsent,
  useNationalCaseStudies,
  useNationalCaseStudy,
  useReturnCaseStudy,
  useReviewStep,
  useSaveCaseStudy,
  type CaseStudy,
  type GalleryFilters,
  type NationalCaseStudy,
} from './case-study-queries';
import './resources.css';
import { useDebouncedSearch } from './debounced-search';

const TERRITORY_KINDS = ['region', 'departement', 'epci', 'commune', 'custom'] as const;
type Section = (typeof CASE_STUDY_SECTIONS)[number];

/** The territory's case studies, by status. */
export function CaseStudiesPage(): ReactNode {
  const { t } = useTranslation(['resources', 'domain']);
  const { territoryId, isCoordinator } = useTerritory();
  const list = useCaseStudies(territoryId);
  return (
    <>
      <PageHeader title={t('resources:caseStudies.title')} subtitle={t('resources:caseStudies.intro')} />
      {isCoordinator ? <p className="hint">{t('resources:caseStudies.howToStart')}</p> : null}
      <QueryView query={list}>
        {(data) => {
          const items = data.pages.flatMap((page) => page.items);
          if (items.length === 0) return <p className="state state-empty">{t('resources:caseStudies.empty')}</p>;
          return (
            <>
              {CASE_STUDY_STATUSES.map((status) => {
                const here = items.filter((item) => item.status === status);
                return here.length === 0 ? null : (
                  <section key={status} className="card" aria-labelledby={`case-studies-${status}`}>
                    <h2 id={`case-studies-${status}`}>{t(`resources:caseStudies.byStatus.${status}`)}</h2>
                    <ul className="case-study-list">
                      {here.map((item) => (
                        <li key={item.id}>
                          <Link to={`/t/${territoryId}/retours-experience/${item.id}`}>{item.title}</Link>{' '}
                          <span className="muted">
                            {t(`domain:caseStudySource.${item.source}`)} ·{' '}
                            {t('resources:caseStudies.consents', {
                              granted: item.participants.filter((p) => p.consent === 'granted').length,
                              count: item.participants.length,
                            })}
                          </span>
                        </li>
                      ))}
                    </ul>
                  </section>
                );
              })}
              <LoadMore
                hasMore={list.hasNextPage}
                loading={list.isFetchingNextPage}
                onClick={() => void list.fetchNextPage()}
              />
            </>
          );
        }}
      </QueryView>
    </>
  );
}

/** The sections a coordinator writes, with the dates and fragilities. */
function CaseStudyEditor({ caseStudy }: { caseStudy: CaseStudy }): ReactNode {
  const { t } = useTranslation(['resources', 'domain', 'common']);
  const { territoryId } = useTerritory();
  const notify = useNotify();
  const initial = () => ({
    title: caseStudy.title,
    context: caseStudy.context,
    enjeux: caseStudy.enjeux,
    whatWasDone: caseStudy.whatWasDone,
    results: caseStudy.results,
    lessons: caseStudy.lessons,
    startedOn: caseStudy.startedOn ?? '',
    endedOn: caseStudy.endedOn ?? '',
    fragilities: caseStudy.fragilities as string[],
  });
  const [values, setValues] = useState(initial);
  // A new version from the server (another step, another person's save) is what the form shows.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the version is what says the case study changed
  useEffect(() => setValues(initial()), [caseStudy.version]);
  const save = useSaveCaseStudy(territoryId, caseStudy, {
    onSuccess: () => notify('success', t('resources:caseStudies.saved')),
  });
  const set = (key: keyof typeof values, value: unknown) => setValues((current) => ({ ...current, [key]: value }));
  return (
    <form
      className="card"
      aria-labelledby="case-study-editor"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({
          ...values,
          startedOn: values.startedOn || null,
          endedOn: values.endedOn || null,
          fragilities: values.fragilities as Schemas['Fragility'][],
        });
      }}
    >
      <h2 id="case-study-editor">{t('resources:caseStudies.editor')}</h2>
      <p className="hint">{t('resources:caseStudies.namesHint')}</p>
      <FormErrors error={save.error} />
      <TextField
        label={t('resources:caseStudies.fields.title')}
        required
        maxLength={300}
        value={values.title}
        errors={fieldErrors(save.error, 'title')}
        onChange={(event) => set('title', event.target.value)}
      />
      {CASE_STUDY_SECTIONS.map((section: Section) => (
        <TextArea
          key={section}
          label={t(`resources:caseStudies.sections.${section}`)}
          rows={4}
          maxLength={20000}
          value={values[section]}
          onChange={(event) => set(section, event.target.value)}
        />
      ))}
      <div className="row">
        <TextField
          type="date"
          label={t('resources:caseStudies.fields.startedOn')}
          value={values.startedOn}
          errors={fieldErrors(save.error, 'startedOn')}
          onChange={(event) => set('startedOn', event.target.value)}
        />
        <TextField
          type="date"
          label={t('resources:caseStudies.fields.endedOn')}
          value={values.endedOn}
          errors={fieldErrors(save.error, 'endedOn')}
          onChange={(event) => set('endedOn', event.target.value)}
        />
      </div>
      <CheckboxGroup
        legend={t('resources:fields.fragilities')}
        options={FRAGILITIES.map((value) => ({ value, label: t(`domain:fragility.${value}`) }))}
        value={values.fragilities}
        onChange={(next) => set('fragilities', next)}
      />
      <div className="form-actions">
        <Button type="submit" busy={save.isPending}>
          {t('common:actions.save')}
        </Button>
      </div>
    </form>
  );
}

/** The sections as they read (once the draft has left its author's hands). */
function Sections({ caseStudy }: { caseStudy: CaseStudy | NationalCaseStudy }): ReactNode {
  const { t } = useTranslation(['resources', 'domain']);
  const tags = [
    ...caseStudy.fragilities.map((value) => t(`domain:fragility.${value}`)),
    ...(caseStudy.actionType ? [t(`domain:actionType.${caseStudy.actionType}`)] : []),
    ...caseStudy.allianceModes.map((value) => t(`domain:allianceMode.${value}`)),
  ];
  return (
    <section className="card case-study-sections">
      {tags.length > 0 ? <p className="resource-tags">{tags.join(' · ')}</p> : null}
      {caseStudy.startedOn ? (
        <p className="muted">
          {caseStudy.endedOn && caseStudy.endedOn !== caseStudy.startedOn
            ? t('resources:caseStudies.period', {
                from: formatDate(caseStudy.startedOn),
                to: formatDate(caseStudy.endedOn),
              })
            : formatDate(caseStudy.startedOn)}
        </p>
      ) : null}
      {CASE_STUDY_SECTIONS.filter((section) => caseStudy[section].trim()).map((section) => (
        <div key={section}>
          <h3>{t(`resources:caseStudies.sections.${section}`)}</h3>
          <p className="case-study-text">{caseStudy[section]}</p>
        </div>
      ))}
    </section>
  );
}

/** One participant's answer as recorded by the coordination (obtained offline), with its note. */
function RecordConsent({ caseStudy, actorId }: { caseStudy: CaseStudy; actorId: string }): ReactNode {
  const { t } = useTranslation(['resources', 'common']);
  const { territoryId } = useTerritory();
  const notify = useNotify();
  const [note, setNote] = useState('');
  const [granted, setGranted] = useState<'' | 'yes' | 'no'>('');
  const consent = useConsent(territoryId, caseStudy.id, {
    onSuccess: () => {
      notify('success', t('resources:caseStudies.consentSaved'));
      setNote('');
    },
  });
  return (
    <details>
      <summary>{t('resources:caseStudies.recordConsent')}</summary>
      <FormErrors error={consent.error} />
      <SelectField
        label={t('resources:caseStudies.answer')}
        placeholder={t('resources:caseStudies.choose')}
        options={[
          { value: 'yes', label: t('domain:caseStudyConsent.granted') },
          { value: 'no', label: t('domain:caseStudyConsent.refused') },
        ]}
        value={granted}
        onChange={(event) => setGranted(event.target.value as 'yes' | 'no')}
      />
      <TextField
        label={t('resources:caseStudies.note')}
        hint={t('resources:caseStudies.noteHint')}
        maxLength={1000}
        value={note}
        errors={fieldErrors(consent.error, 'note')}
        onChange={(event) => setNote(event.target.value)}
      />
      <Button
        variant="secondary"
        busy={consent.isPending}
        disabled={!granted}
        onClick={() => consent.mutate({ actorId, granted: granted === 'yes', note })}
      >
        {t('resources:caseStudies.saveConsent')}
      </Button>
    </details>
  );
}

/** The organisations it cites, each with its answer; a member answers for their own. */
function Participants({ caseStudy }: { caseStudy: CaseStudy }): ReactNode {
  const { t } = useTranslation(['resources', 'domain']);
  const { territoryId, isCoordinator, actorId } = useTerritory();
  const notify = useNotify();
  const consent = useConsent(territoryId, caseStudy.id, {
    onSuccess: () => notify('success', t('resources:caseStudies.consentSaved')),
    onError: (error) => notify('error', errorMessage(error, t)),
  });
  return (
    <section className="card" aria-labelledby="case-study-participants">
      <h2 id="case-study-participants">{t('resources:caseStudies.participants')}</h2>
      <p className="hint">{t('resources:caseStudies.participantsHint')}</p>
      <ul className="case-study-participants">
        {caseStudy.participants.map((participant) => (
          <li key={participant.actorId}>
            <strong>{participant.name}</strong> — {t(`domain:category.${participant.category}`)}
            {participant.role ? `, ${participant.role}` : ''}{' '}
            <Badge
              tone={
                participant.consent === 'granted' ? 'success' : participant.consent === 'refused' ? 'warning' : 'info'
              }
            >
              {t(`domain:caseStudyConsent.${participant.consent}`)}
            </Badge>
            {participant.consentSource === 'coordinator' && participant.consentNote ? (
              <span className="muted"> {t('resources:caseStudies.recordedBy', { note: participant.consentNote })}</span>
            ) : null}
            {!isCoordinator && participant.actorId === actorId ? (
              <div className="row">
                <Button
                  variant="secondary"
                  busy={consent.isPending}
                  onClick={() => consent.mutate({ actorId: participant.actorId, granted: true })}
                >
                  {t('resources:caseStudies.grant')}
                </Button>
                <Button
                  variant="tertiary"
                  busy={consent.isPending}
                  onClick={() => consent.mutate({ actorId: participant.actorId, granted: false })}
                >
                  {t('resources:caseStudies.refuse')}
                </Button>
              </div>
            ) : null}
            {isCoordinator ? <RecordConsent caseStudy={caseStudy} actorId={participant.actorId} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The review: submit, approve (another coordinator), return with a comment, publish, unpublish. */
function Review({ caseStudy }: { caseStudy: CaseStudy }): ReactNode {
  const { t } = useTranslation(['resources', 'common']);
  const { territoryId } = useTerritory();
  const notify = useNotify();
  const [comment, setComment] = useState('');
  const done = { onSuccess: (saved: CaseStudy) => notify('success', t(`resources:caseStudies.done.${saved.status}`)) };
  const step = useReviewStep(territoryId, caseStudy, done);
  const back = useReturnCaseStudy(territoryId, caseStudy, {
    onSuccess: () => {
      notify('success', t('resources:caseStudies.done.returned'));
      setComment('');
    },
  });
  const { status, review } = caseStudy;
  return (
    <section className="card" aria-labelledby="case-study-review">
      <h2 id="case-study-review">{t('resources:caseStudies.review')}</h2>
      <FormErrors error={step.error ?? back.error} />
      <p>
        {[
          review.author ? t('resources:caseStudies.writtenBy', { name: review.author }) : '',
          review.submittedBy ? t('resources:caseStudies.submittedBy', { name: review.submittedBy }) : '',
          review.approvedBy ? t('resources:caseStudies.approvedBy', { name: review.approvedBy }) : '',
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {status === 'draft' && review.comment ? (
        <p className="notice">{t('resources:caseStudies.returnedWith', { comment: review.comment })}</p>
      ) : null}
      {status === 'submitted' && !caseStudy.canApprove ? (
        <p className="hint">{t('resources:caseStudies.otherApproves')}</p>
      ) : null}
      <div className="row">
        {status === 'draft' ? (
          <Button busy={step.isPending} onClick={() => step.mutate('submit')}>
            {t('resources:caseStudies.steps.submit')}
          </Button>
        ) : null}
        {status === 'submitted' && caseStudy.canApprove ? (
          <Button busy={step.isPending} onClick={() => step.mutate('approve')}>
            {t('resources:caseStudies.steps.approve')}
          </Button>
        ) : null}
        {status === 'approved' ? (
          <Button busy={step.isPending} onClick={() => step.mutate('publish')}>
            {t('resources:caseStudies.steps.publish')}
          </Button>
        ) : null}
        {status === 'published' ? (
          <Button variant="danger" busy={step.isPending} onClick={() => step.mutate('unpublish')}>
            {t('resources:caseStudies.steps.unpublish')}
          </Button>
        ) : null}
      </div>
      {status === 'submitted' || status === 'approved' ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            back.mutate(comment);
          }}
        >
          <TextArea
            label={t('resources:caseStudies.comment')}
            rows={2}
            maxLength={2000}
            required
            value={comment}
            errors={fieldErrors(back.error, 'comment')}
            onChange={(event) => setComment(event.target.value)}
          />
          <Button type="submit" variant="secondary" busy={back.isPending} disabled={!comment.trim()}>
            {t('resources:caseStudies.steps.return')}
          </Button>
        </form>
      ) : null}
    </section>
  );
}

/** A case study of the territory: its editor (a draft), its participants' consent, its review. */
export function CaseStudyPage(): ReactNode {
  const { t } = useTranslation(['resources', 'domain']);
  const { territoryId, isCoordinator } = useTerritory();
  const { caseStudyId = '' } = useParams();
  const caseStudy = useCaseStudy(territoryId, caseStudyId);
  return (
    <>
      <p>
        <Link to={`/t/${territoryId}/retours-experience`}>{t('resources:caseStudies.back')}</Link>
      </p>
      <QueryView query={caseStudy}>
        {(data) => (
          <>
            <PageHeader
              title={data.title}
              subtitle={<Badge tone="info">{t(`domain:caseStudyStatus.${data.status}`)}</Badge>}
            />
            {isCoordinator && data.status === 'draft' ? (
              <CaseStudyEditor caseStudy={data} />
            ) : (
              <Sections caseStudy={data} />
            )}
            <Participants caseStudy={data} />
            {isCoordinator ? <Review caseStudy={data} /> : null}
          </>
        )}
      </QueryView>
    </>
  );
}

/** The gallery's filters: search, fragility, action type, alliance mode and territory kind. */
function GalleryFiltersForm({
  filters,
  onChange,
}: {
  filters: GalleryFilters;
  onChange: (next: GalleryFilters) => void;
}): ReactNode {
  const { t } = useTranslation(['resources', 'domain']);
  const [text, setText] = useDebouncedSearch(filters.q, (q) => onChange({ ...filters, q }));
  const select = (
    key: Exclude<keyof GalleryFilters, 'q'>,
    values: readonly string[],
    catalogue: string,
    label: string,
  ) => (
    <SelectField
      label={label}
      placeholder={t('resources:filters.any')}
      options={values.map((value) => ({ value, label: t(`domain:${catalogue}.${value}`) }))}
      value={filters[key]}
      onChange={(event) => onChange({ ...filters, [key]: event.target.value })}
    />
  );
  return (
    <form role="search" className="resource-filters card" onSubmit={(event) => event.preventDefault()}>
      <TextField
        type="search"
        label={t('resources:filters.search')}
        hint={t('resources:caseStudies.searchHint')}
        value={text}
        maxLength={200}
        onChange={(event) => setText(event.target.value)}
      />
      <div className="resource-filter-row">
        {select('fragility', FRAGILITIES, 'fragility', t('resources:caseStudies.filters.fragility'))}
        {select('actionType', ACTION_TYPES, 'actionType', t('resources:caseStudies.filters.actionType'))}
        {select('allianceMode', ALLIANCE_MODES, 'allianceMode', t('resources:caseStudies.filters.allianceMode'))}
        {select('territoryKind', TERRITORY_KINDS, 'territoryKind', t('resources:caseStudies.filters.territoryKind'))}
      </div>
    </form>
  );
}

/** The national gallery of published case studies (`base`: where each one's page is). */
export function CaseStudyGallery({ base }: { base: string }): ReactNode {
  const { t } = useTranslation(['resources', 'domain']);
  const [filters, setFilters] = useState<GalleryFilters>(noGalleryFilters);
  const gallery = useNationalCaseStudies(filters);
  return (
    <section aria-label={t('resources:caseStudies.gallery')}>
      <h2>{t('resources:caseStudies.gallery')}</h2>
      <p className="hint">{t('resources:caseStudies.galleryIntro')}</p>
      <GalleryFiltersForm filters={filters} onChange={setFilters} />
      <QueryView query={gallery}>
        {(data) => {
          const items = data.pages.flatMap((page) => page.items);
          const filtered = JSON.stringify(filters) !== JSON.stringify(noGalleryFilters());
          return items.length === 0 ? (
            <p className="state state-empty">
              {t(filtered ? 'resources:caseStudies.galleryNoMatch' : 'resources:caseStudies.galleryEmpty')}
            </p>
          ) : (
            <>
              <p className="visually-hidden" role="status">
                {t('resources:caseStudies.count', { count: items.length })}
              </p>
              <ul className="resource-list">
                {items.map((item) => (
                  <li key={item.id} className="resource card">
                    <h3>
                      <Link to={`${base}/${item.id}`}>{item.title}</Link>
                    </h3>
                    <p className="muted">
                      {item.territory.name} ({t(`domain:territoryKind.${item.territory.kind}`)})
                    </p>
                    <p className="resource-tags">
                      {[
                        ...item.fragilities.map((value) => t(`domain:fragility.${value}`)),
                        ...(item.actionType ? [t(`domain:actionType.${item.actionType}`)] : []),
                        ...item.allianceModes.map((value) => t(`domain:allianceMode.${value}`)),
                      ].join(' · ')}
                    </p>
                  </li>
                ))}
              </ul>
              <LoadMore
                hasMore={gallery.hasNextPage}
                loading={gallery.isFetchingNextPage}
                onClick={() => void gallery.fetchNextPage()}
              />
            </>
          );
        }}
      </QueryView>
    </section>
  );
}

/** A published case study as the national centre shows it (organisations named only with their consent). */
export function NationalCaseStudyPage({ base }: { base: string }): ReactNode {
  const { t } = useTranslation(['resources', 'domain']);
  const { caseStudyId = '' } = useParams();
  const caseStudy = useNationalCaseStudy(caseStudyId);
  return (
    <>
      <p>
        <Link to={base}>{t('resources:caseStudies.backToGallery')}</Link>
      </p>
      <QueryView query={caseStudy}>
        {(data) => (
          <>
            <PageHeader
              title={data.title}
              subtitle={`${data.territory.name} (${t(`domain:territoryKind.${data.territory.kind}`)})`}
            />
            <Sections caseStudy={data} />
            <section className="card" aria-labelledby="national-participants">
              <h2 id="national-participants">{t('resources:caseStudies.participants')}</h2>
              <ul>
                {data.participants.map((participant, index) => (
                  <li key={index}>{participant.text}</li>
                ))}
              </ul>
            </section>
          </>
        )}
      </QueryView>
    </>
  );
}

/** The tabs of the « Ressources » pages: the national centre, the territory's, the gallery. */
export function ResourceTabs({ base, territoryName }: { base: string; territoryName?: string }): ReactNode {
  const { t } = useTranslation('resources');
  return (
    <nav className="tabs resource-tabs" aria-label={t('tabs.label')}>
      <NavLink end to={base}>
        {t('tabs.national')}
      </NavLink>
      {territoryName ? (
        <NavLink to={`${base}/territoire`}>{t('tabs.territory', { name: territoryName })}</NavLink>
      ) : null}
      <NavLink to={`${base}/retours-experience`}>{t('tabs.caseStudies')}</NavLink>
    </nav>
  );
}

/** A published case study, read from a territory's « Ressources » pages. */
export function TerritoryNationalCaseStudyPage(): ReactNode {
  const { territoryId } = useTerritory();
  return <NationalCaseStudyPage base={`/t/${territoryId}/ressources/retours-experience`} />;
}
