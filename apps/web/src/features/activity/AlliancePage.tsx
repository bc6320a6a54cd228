import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { EVALUATION_OBJECTS, frenchPeriod, storedPeriod } from '@maillage/contract';
import { type Schemas } from '../../api/client';
import { useTerritory } from '../../app/territory';
import {
  Badge,
  Button,
  ButtonLink,
  fieldErrors,
  FormErrors,
  PageHeader,
  QueryView,
  ScrollRegion,
  SelectField,
  TextArea,
  TextField,
} from '../../ui/components';
import { formatDate, formatDateTime } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { currentPeriod, PendingPage, PriorityNames, StatusBadge, TransitionButtons, type Alliance } from './shared';
import { useAlliance, useEvaluations } from './queries';
import { useEvaluateAlliance } from './mutations';
import { AgreementPanel } from './AgreementPanel';
import { AllianceContacts } from '../discussion/AllianceContacts';
import { Thread } from '../discussion/Thread';
import { StartCaseStudyButton } from '../resources/StartCaseStudyButton';

type Summary = Schemas['EvaluationSummaryDto'];
type EvaluationObject = Schemas['EvaluationObject'];
const OBJECTS: readonly EvaluationObject[] = EVALUATION_OBJECTS;
const SCORES = [1, 2, 3, 4, 5];

/** A 1-to-5 score as a group of radio buttons (arrow keys move between them). */
function ScoreField({
  object,
  value,
  onChange,
  errors,
}: {
  object: EvaluationObject;
  value: number;
  onChange: (score: number) => void;
  errors?: string[];
}): ReactNode {
  const { t } = useTranslation('activity');
  const id = useId();
  const describedBy = [`${id}-hint`, `${id}-scale`, errors?.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <fieldset className={`field score-field${errors?.length ? ' field-invalid' : ''}`} aria-describedby={describedBy}>
      <legend>{t(`evaluation.objects.${object}`)}</legend>
      <p className="field-hint" id={`${id}-hint`}>
        {t(`evaluation.hints.${object}`)}
      </p>
      <div className="score-options">
        {SCORES.map((score) => (
          <div className="score-option" key={score}>
            <input
              type="radio"
              id={`score-${object}-${score}`}
              name={`score-${object}`}
              value={score}
              checked={value === score}
              aria-invalid={errors?.length ? true : undefined}
              onChange={() => onChange(score)}
            />
            <label htmlFor={`score-${object}-${score}`}>
              {score}
              <span className="visually-hidden"> — {t(`evaluation.scale.${score}`)}</span>
            </label>
          </div>
        ))}
      </div>
      <p className="field-hint" id={`${id}-scale`}>
        {t('evaluation.scaleHint')}
      </p>
      {errors?.length ? (
        <p className="field-error" id={`${id}-error`}>
          {errors.join(' ')}
        </p>
      ) : null}
    </fieldset>
  );
}

interface EvaluationValues {
  scores: Record<EvaluationObject, number>;
  comment: string;
}

/**
 * The scores and comment of one party for one period, initialised from its evaluation if it
 * has one (the parent keys it by party and period, so changing either reloads them).
 */
function EvaluationFields({
  formId,
  existing,
  error,
  busy,
  onSave,
}: {
  formId: string;
  existing: Summary['parties'][number] | undefined;
  error: unknown;
  busy: boolean;
  onSave: (values: EvaluationValues) => void;
}): ReactNode {
  const { t } = useTranslation(['activity', 'common']);
  const [scores, setScores] = useState<Record<EvaluationObject, number>>(
    existing?.scores ?? { product: 3, balance: 3, contribution: 3 },
  );
  const [comment, setComment] = useState(existing?.comment ?? '');
  return (
    <form
      id={formId}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSave({ scores, comment });
      }}
    >
      {existing ? (
        <p className="alert alert-info">
          {t('activity:evaluation.existing', { date: formatDateTime(existing.evaluatedAt) })}
        </p>
      ) : null}
      <div className="score-grid">
        {OBJECTS.map((object) => (
          <ScoreField
            key={object}
            object={object}
            value={scores[object]}
            onChange={(score) => setScores((current) => ({ ...current, [object]: score }))}
            errors={fieldErrors(error, object)}
          />
        ))}
      </div>
      <TextArea
        label={t('activity:evaluation.comment')}
        value={comment}
        maxLength={5000}
        onChange={(event) => setComment(event.target.value)}
        errors={fieldErrors(error, 'comment')}
      />
      <div className="form-actions">
        <Button type="submit" busy={busy}>
          {t('activity:evaluation.submit')}
        </Button>
      </div>
    </form>
  );
}

/** Le RAMEAU's evaluation: each party scores the product, the balance and the contributions (1 to 5). */
function EvaluationForm({ alliance, summaries }: { alliance: Alliance; summaries: Summary[] }): ReactNode {
  const { t } = useTranslation(['activity', 'common']);
  const { isCoordinator, actorId } = useTerritory();
  const notify = useNotify();
  const formId = useId();
  const parties = isCoordinator ? alliance.parties : alliance.parties.filter((party) => party.actorId === actorId);
  const [party, setParty] = useState(parties[0]?.actorId ?? '');
  const [period, setPeriod] = useState(currentPeriod());
  const existing = summaries
    .find((summary) => summary.period === storedPeriod(period))
    ?.parties.find((item) => item.actorId === party);
  const evaluate = useEvaluateAlliance(alliance.id, {
    onSuccess: () => {
      const name = alliance.parties.find((item) => item.actorId === party)?.name ?? '';
      notify('success', t('activity:evaluation.saved', { name, period: frenchPeriod(storedPeriod(period)) }));
    },
  });
  if (parties.length === 0) return <p className="muted">{t('activity:evaluation.notAParty')}</p>;
  return (
    <>
      <FormErrors error={evaluate.error} />
      <div className="form-grid">
        {isCoordinator ? (
          <SelectField
            label={t('activity:evaluation.party')}
            form={formId}
            value={party}
            onChange={(event) => setParty(event.target.value)}
            options={parties.map((item) => ({ value: item.actorId, label: item.name }))}
            errors={fieldErrors(evaluate.error, 'actorId')}
          />
        ) : (
          <p className="field">
            <strong>{t('activity:evaluation.party')}</strong>
            <span>{parties[0]?.name}</span>
          </p>
        )}
        <TextField
          label={t('activity:evaluation.period')}
          hint={t('activity:evaluation.periodHint')}
          form={formId}
          required
          value={period}
          onChange={(event) => setPeriod(event.target.value)}
          errors={fieldErrors(evaluate.error, 'period')}
        />
      </div>
      <EvaluationFields
        key={`${party}|${storedPeriod(period)}`}
        formId={formId}
        existing={existing}
        error={evaluate.error}
        busy={evaluate.isPending}
        onSave={({ scores, comment }) =>
          evaluate.mutate({ actorId: party, period: storedPeriod(period), ...scores, comment: comment.trim() })
        }
      />
    </>
  );
}

/** The parties' scores side by side, per period; gaps of 2 points or more are flagged in words. */
function EvaluationsView({ summaries }: { summaries: Summary[] }): ReactNode {
  const { t } = useTranslation('activity');
  if (summaries.length === 0) return <p className="state state-empty">{t('evaluation.none')}</p>;
  return (
    <>
      {summaries.map((summary) => (
        <div key={summary.period} className="evaluation-period">
          <h3>{t('evaluation.periodTitle', { period: frenchPeriod(summary.period) })}</h3>
          {summary.parties.length < 2 ? (
            <p className="muted">{t('evaluation.waiting')}</p>
          ) : summary.disagreements.length ? (
            <p className="alert alert-warning">
              <strong>{t('evaluation.disagreementTitle')}</strong>{' '}
              {t('evaluation.disagreementOn', {
                objects: summary.disagreements.map((object) => t(`evaluation.objects.${object}`)).join(', '),
              })}
            </p>
          ) : (
            <p className="alert alert-success">{t('evaluation.agreement')}</p>
          )}
          <ScrollRegion label={t('evaluation.tableLabel', { period: frenchPeriod(summary.period) })}>
            <table className="evaluation-table">
              <caption className="visually-hidden">
                {t('evaluation.tableLabel', { period: frenchPeriod(summary.period) })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('evaluation.object')}</th>
                  {summary.parties.map((party) => (
                    <th scope="col" key={party.actorId}>
                      {party.name}
                    </th>
                  ))}
                  <th scope="col">{t('evaluation.gap')}</th>
                </tr>
              </thead>
              <tbody>
                {OBJECTS.map((object) => {
                  const values = summary.parties.map((party) => party.scores[object]);
                  const gap = values.length > 1 ? Math.max(...values) - Math.min(...values) : 0;
                  const flagged = summary.disagreements.includes(object);
                  return (
                    <tr key={object} className={flagged ? 'disagree' : undefined}>
                      <th scope="row">{t(`evaluation.objects.${object}`)}</th>
                      {summary.parties.map((party) => (
                        <td key={party.actorId}>{t('evaluation.score', { score: party.scores[object] })}</td>
                      ))}
                      <td>
                        {flagged ? (
                          <Badge tone="warning">
                            <span aria-hidden="true">⚠ </span>
                            {t('evaluation.disagreement', { count: gap })}
                          </Badge>
                        ) : values.length > 1 ? (
                          t('evaluation.gapPoints', { count: gap })
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollRegion>
          {summary.parties.some((party) => party.comment) ? (
            <ul className="evaluation-comments">
              {summary.parties
                .filter((party) => party.comment)
                .map((party) => (
                  <li key={party.actorId}>
                    <strong>{party.name}</strong>
                    {t('separator')}
                    {t('quoted', { text: party.comment })}{' '}
                    <span className="muted">({formatDate(party.evaluatedAt)})</span>
                  </li>
                ))}
            </ul>
          ) : null}
        </div>
      ))}
    </>
  );
}

function Evaluations({ alliance }: { alliance: Alliance }): ReactNode {
  const { t } = useTranslation('activity');
  const evaluations = useEvaluations(alliance.id);
  const evaluable = alliance.status === 'active' || alliance.status === 'ended';
  const { hash } = useLocation();
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    // Arriving from an "Évaluer" link (…#evaluation): the section is the target, focused and in view.
    if (hash === '#evaluation') section.current?.focus();
  }, [hash]);
  return (
    <section className="card" id="evaluation" tabIndex={-1} ref={section} aria-labelledby="evaluation-title">
      <h2 id="evaluation-title">{t('evaluation.title')}</h2>
      <p className="muted">{t('evaluation.intro')}</p>
      <QueryView query={evaluations}>
        {(summaries) => (
          <>
            <EvaluationsView summaries={summaries} />
            <h3>{t('evaluation.formTitle')}</h3>
            {evaluable ? (
              <EvaluationForm alliance={alliance} summaries={summaries} />
            ) : (
              <p className="muted">{t('evaluation.notYet')}</p>
            )}
          </>
        )}
      </QueryView>
    </section>
  );
}

/** One alliance: parties, modes, dates, description, history, moves, and its evaluations. */
export function AlliancePage(): ReactNode {
  const { t } = useTranslation(['activity', 'domain', 'common']);
  const { territoryId, isCoordinator, actorId } = useTerritory();
  const { allianceId = '' } = useParams();
  const alliance = useAlliance(allianceId);
  const back = (
    <p className="breadcrumb">
      <Link to={`/t/${territoryId}/${isCoordinator ? 'alliances' : 'mon-organisation'}`}>
        {t(isCoordinator ? 'activity:alliance.back' : 'activity:alliance.backMember')}
      </Link>
    </p>
  );
  if (!alliance.data) {
    // Loading, or not found: the page still has its title and h1.
    return <PendingPage back={back} title={t('activity:alliance.title')} query={alliance} />;
  }
  return (
    <QueryView query={alliance}>
      {(data) => {
        const moves = data.nextStatuses;
        return (
          <>
            {back}
            <PageHeader
              title={data.title}
              subtitle={<StatusBadge status={data.status} />}
              actions={
                data.editing.terms || isCoordinator ? (
                  <>
                    {data.editing.terms ? (
                      <ButtonLink to={`/t/${territoryId}/alliances/${data.id}/modifier`}>
                        {t('activity:edit.open')}
                      </ButtonLink>
                    ) : null}
                    {isCoordinator ? <StartCaseStudyButton source="alliance" sourceId={data.id} /> : null}
                  </>
                ) : undefined
              }
            />
            <section className="card">
              <h2 id="alliance-status-title" tabIndex={-1}>
                {t('activity:alliance.status')}
              </h2>
              <p>
                {t('activity:alliance.statusNow', { status: t(`domain:allianceStatus.${data.status}`) })}{' '}
                {moves.length === 0 ? t('activity:alliance.noMove') : null}
              </p>
              <TransitionButtons alliance={data} />
            </section>
            <AgreementPanel alliance={data} />
            <section className="card">
              <h2>{t('activity:alliances.parties')}</h2>
              <ul>
                {data.parties.map((party) => (
                  <li key={party.actorId}>
                    <strong>{party.name}</strong> — {t(`domain:category.${party.category}`)}
                    {party.role
                      ? ` — ${t('activity:alliance.role', { role: t(`domain:participantRole.${party.role}`, { defaultValue: party.role }) })}`
                      : ''}
                    {party.actorId === data.proposerActorId ? ` — ${t('activity:alliance.proposer')}` : ''}
                    {party.actorId === actorId ? ` (${t('activity:alliance.you')})` : ''}
                  </li>
                ))}
              </ul>
              <dl className="facts">
                <div className="fact">
                  <dt>{t('activity:alliances.modes')}</dt>
                  <dd>
                    {data.modes.map((mode) => t(`domain:allianceMode.${mode}`)).join(', ')}
                    {data.patronageKinds.length
                      ? ` (${data.patronageKinds.map((kind) => t(`domain:patronageKind.${kind}`)).join(', ')})`
                      : ''}
                  </dd>
                </div>
                <div className="fact">
                  <dt>{t('activity:alliance.dates')}</dt>
                  <dd>
                    {data.startDate
                      ? t('activity:alliance.from', { date: formatDate(data.startDate) })
                      : t('activity:alliance.notStarted')}
                    {data.endDate ? ` — ${t('activity:alliance.to', { date: formatDate(data.endDate) })}` : ''}
                  </dd>
                </div>
                <div className="fact">
                  <dt>{t('activity:alliance.fragilities')}</dt>
                  <dd>
                    {data.fragilities.length
                      ? data.fragilities.map((value) => t(`domain:fragility.${value}`)).join(', ')
                      : '—'}
                  </dd>
                </div>
                <div className="fact">
                  <dt>{t('activity:actions.priorities')}</dt>
                  <dd>
                    <PriorityNames ids={data.priorityIds} />
                  </dd>
                </div>
                <div className="fact">
                  <dt>{t('activity:alliance.description')}</dt>
                  <dd>{data.description || '—'}</dd>
                </div>
                {data.originActionId && isCoordinator ? (
                  <div className="fact">
                    <dt>{t('activity:alliance.origin')}</dt>
                    <dd>
                      <Link to={`/t/${territoryId}/actions/${data.originActionId}`}>
                        {t('activity:alliance.originLink')}
                      </Link>
                    </dd>
                  </div>
                ) : null}
              </dl>
            </section>
            <section className="card">
              <h2>{t('activity:alliance.history')}</h2>
              <ol className="history">
                {data.transitions.map((transition, index) => (
                  <li key={`${transition.at}-${index}`}>
                    {transition.from
                      ? t('activity:alliance.moved', {
                          from: t(`domain:allianceStatus.${transition.from}`),
                          to: t(`domain:allianceStatus.${transition.to}`),
                          date: formatDate(transition.on),
                        })
                      : t('activity:alliance.created', { date: formatDate(transition.on) })}
                    {transition.at.slice(0, 10) !== transition.on ? (
                      <span className="muted">
                        {' '}
                        ({t('activity:alliance.recordedOn', { date: formatDateTime(transition.at) })})
                      </span>
                    ) : null}
                    {transition.note ? (
                      <span className="muted"> — {t('activity:quoted', { text: transition.note })}</span>
                    ) : null}
                  </li>
                ))}
              </ol>
            </section>
            <Evaluations alliance={data} />
            <AllianceContacts allianceId={data.id} status={data.status} />
            <Thread type="alliance" subjectId={data.id} />
          </>
        );
      }}
    </QueryView>
  );
}
