import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useTerritory } from '../../app/territory';
import {
  Button,
  ButtonLink,
  fieldErrors,
  FormErrors,
  PageHeader,
  QueryView,
  ScrollRegion,
  TextField,
} from '../../ui/components';
import { formatDate, formatDateTime, formatNumber, today } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import { AllianceLink, PendingPage, PriorityNames, STAGES, TypeBadge, type Action } from './shared';
import { useAction, useActor } from './queries';
import { useDeleteAction, usePatchAction } from './mutations';
import { Thread } from '../discussion/Thread';
import { StartCaseStudyButton } from '../resources/StartCaseStudyButton';

function Fact({ label, children }: { label: string; children: ReactNode }): ReactNode {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function minutesLabel(minutes: number, t: (key: string, options?: Record<string, unknown>) => string): string {
  return t('activity:detail.time', {
    minutes: formatNumber(minutes),
    hours: formatNumber(minutes / 60, { maximumFractionDigits: 1 }),
  });
}

/** The stages of a collective experiment, the current one marked in words, and moving to the next. */
function ExperimentLifecycle({ action }: { action: Action }): ReactNode {
  const { t } = useTranslation(['activity', 'domain']);
  const notify = useNotify();
  const experiment = action.experiment;
  const index = experiment ? STAGES.indexOf(experiment.phase) : -1;
  const next = STAGES[index + 1];
  const [occurredOn, setOccurredOn] = useState(today);
  const advance = usePatchAction(action.id, action.version, {
    onSuccess: (saved) => {
      setOccurredOn(today());
      notify(
        'success',
        t('activity:detail.phaseChanged', { phase: t(`domain:experimentStage.${saved.experiment?.phase ?? ''}`) }),
      );
    },
  });
  if (!experiment) return null;
  return (
    <section className="card">
      <h2>{t('activity:detail.lifecycle')}</h2>
      <ol className="stepper">
        {STAGES.map((stage, position) => (
          <li
            key={stage}
            className={position < index ? 'done' : position === index ? 'current' : 'todo'}
            aria-current={position === index ? 'step' : undefined}
          >
            <span className="step-number" aria-hidden="true">
              {position + 1}
            </span>
            <span>
              {t(`domain:experimentStage.${stage}`)}
              <span className="step-state">
                {' '}
                (
                {t(
                  position < index
                    ? 'activity:detail.stepDone'
                    : position === index
                      ? 'activity:detail.stepCurrent'
                      : 'activity:detail.stepTodo',
                )}
                )
              </span>
            </span>
          </li>
        ))}
      </ol>
      <FormErrors error={advance.error} />
      {next ? (
        <div className="phase-advance">
          <TextField
            label={t('activity:form.phaseOccurredOn')}
            hint={t('activity:form.phaseOccurredOnHint')}
            type="date"
            max={today()}
            value={occurredOn}
            onChange={(event) => setOccurredOn(event.target.value)}
            errors={fieldErrors(advance.error, 'experiment.phaseOccurredOn')}
          />
          <Button
            variant="secondary"
            busy={advance.isPending}
            onClick={() =>
              advance.mutate({
                experiment: {
                  phase: next ?? 'scaling',
                  objectives: experiment.objectives,
                  indicators: experiment.indicators,
                  // Today is the API's default.
                  ...(occurredOn && occurredOn !== today() ? { phaseOccurredOn: occurredOn } : {}),
                },
              })
            }
          >
            {t('activity:detail.advance', { phase: t(`domain:experimentStage.${next}`) })}
          </Button>
        </div>
      ) : null}
      <h3>{t('activity:detail.phaseHistory')}</h3>
      <ol className="history">
        {experiment.phaseHistory.map((change, position) => (
          <li key={`${change.at}-${position}`}>
            {t('activity:detail.phaseEntry', {
              phase: t(`domain:experimentStage.${change.phase}`),
              date: formatDate(change.on),
            })}
            {change.at.slice(0, 10) !== change.on ? (
              <span className="muted"> ({t('activity:detail.recordedOn', { date: formatDateTime(change.at) })})</span>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * An action's participants and their roles; a support's only when it has some besides its organisation
 * supported, which older data may list again with the role `supported` (it is said in the support's card).
 */
function Participants({ action }: { action: Action }): ReactNode {
  const { t } = useTranslation(['activity', 'domain']);
  const participants = action.participants.filter(
    ({ actorId, role }) => !(role === 'supported' && actorId === action.support?.supportedActorId),
  );
  if (action.type === 'support' && participants.length === 0) return null;
  const title = {
    animation: 'activity:form.participants',
    collective_experiment: 'activity:form.stakeholders',
    support: 'activity:form.supportParticipants',
  }[action.type];
  return (
    <section className="card">
      <h2>{t(title)}</h2>
      {participants.length ? (
        <ul>
          {participants.map((participant) => (
            <li key={participant.actorId}>
              {participant.name} — {t(`domain:participantRole.${participant.role}`)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('activity:form.noParticipant')}</p>
      )}
    </section>
  );
}

function SupportDetails({ action }: { action: Action }): ReactNode {
  const { t } = useTranslation(['activity', 'domain']);
  const support = action.support;
  const supported = useActor(support?.supportedActorId);
  if (!support) return null;
  return (
    <section className="card">
      <h2>{t('activity:form.support')}</h2>
      <dl className="facts">
        <Fact label={t('activity:detail.supported')}>{supported.data?.name ?? '…'}</Fact>
        <Fact label={t('activity:detail.totalTime')}>{minutesLabel(support.totalMinutes, t)}</Fact>
        <Fact label={t('activity:form.diagnosis')}>{support.diagnosis || '—'}</Fact>
        <Fact label={t('activity:form.outcome')}>{support.outcome || '—'}</Fact>
      </dl>
      <h3>{t('activity:form.sessions')}</h3>
      {support.sessions?.length ? (
        <ScrollRegion label={t('activity:form.sessions')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('activity:detail.sessionDate')}</th>
                <th scope="col">{t('activity:detail.sessionTime')}</th>
                <th scope="col">{t('activity:detail.sessionNotes')}</th>
              </tr>
            </thead>
            <tbody>
              {support.sessions.map((session, index) => (
                <tr key={`${session.date}-${index}`}>
                  <td>{formatDate(session.date)}</td>
                  <td>{minutesLabel(session.minutes, t)}</td>
                  <td>{session.notes || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : (
        <p className="muted">{t('activity:form.noSession')}</p>
      )}
      <h3>{t('activity:form.resultingAlliances')}</h3>
      {support.resultingAllianceIds?.length ? (
        <ul>
          {support.resultingAllianceIds.map((id) => (
            <li key={id}>
              <AllianceLink allianceId={id} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('activity:detail.noResultingAlliance')}</p>
      )}
    </section>
  );
}

/** One action: its facts by type, participants, priorities; edit and delete (confirmed). */
export function ActionDetailPage(): ReactNode {
  const { t } = useTranslation(['activity', 'domain', 'common']);
  const { territoryId } = useTerritory();
  const { actionId = '' } = useParams();
  const action = useAction(actionId);
  const navigate = useNavigate();
  const notify = useNotify();
  const [deleting, setDeleting] = useState(false);
  const remove = useDeleteAction(actionId, {
    onSuccess: () => {
      notify('success', t('activity:detail.deleted', { title: action.data?.title ?? '' }));
      void navigate(`/t/${territoryId}/actions`);
    },
  });
  const back = (
    <p className="breadcrumb">
      <Link to={`/t/${territoryId}/actions`}>{t('activity:detail.back')}</Link>
    </p>
  );
  if (!action.data) {
    // Loading, or not found: the page still has its title and h1.
    return <PendingPage back={back} title={t('activity:detail.title')} query={action} />;
  }
  return (
    <QueryView query={action}>
      {(data) => (
        <>
          {back}
          <PageHeader
            title={data.title}
            subtitle={<TypeBadge type={data.type} />}
            actions={
              <>
                <ButtonLink to={`/t/${territoryId}/actions/${data.id}/modifier`}>{t('common:actions.edit')}</ButtonLink>
                <StartCaseStudyButton source="action" sourceId={data.id} />
                <Button
                  variant="danger"
                  onClick={() => {
                    remove.reset();
                    setDeleting(true);
                  }}
                >
                  {t('common:actions.delete')}
                </Button>
              </>
            }
          />
          <section className="card">
            <h2>{t('activity:form.general')}</h2>
            <dl className="facts">
              <Fact label={t(data.type === 'animation' ? 'activity:form.date' : 'activity:form.startDate')}>
                {formatDate(data.startDate)}
              </Fact>
              {data.endDate ? <Fact label={t('activity:form.endDate')}>{formatDate(data.endDate)}</Fact> : null}
              {data.animation ? (
                <>
                  <Fact label={t('activity:form.format')}>{data.animation.format}</Fact>
                  <Fact label={t('activity:form.place')}>{data.animation.place || '—'}</Fact>
                  <Fact label={t('activity:form.headcount')}>{formatNumber(data.animation.headcount)}</Fact>
                  <Fact label={t('activity:form.topics')}>
                    {data.animation.topics?.length ? data.animation.topics.join(', ') : '—'}
                  </Fact>
                </>
              ) : null}
              <Fact label={t('activity:actions.priorities')}>
                <PriorityNames ids={data.priorityIds} />
              </Fact>
              <Fact label={t('activity:form.description')}>{data.description || '—'}</Fact>
            </dl>
          </section>
          <Participants action={data} />
          {data.experiment ? (
            <>
              <ExperimentLifecycle action={data} />
              <section className="card">
                <h2>{t('activity:form.objectives')}</h2>
                {data.experiment.objectives?.length ? (
                  <ul>
                    {data.experiment.objectives.map((objective) => (
                      <li key={objective}>{objective}</li>
                    ))}
                  </ul>
                ) : (
                  <p className="muted">{t('activity:detail.noObjective')}</p>
                )}
                <h3>{t('activity:form.indicators')}</h3>
                {data.experiment.indicators?.length ? (
                  <ScrollRegion label={t('activity:form.indicators')}>
                    <table>
                      <thead>
                        <tr>
                          <th scope="col">{t('activity:detail.indicator')}</th>
                          <th scope="col">{t('activity:detail.target')}</th>
                          <th scope="col">{t('activity:detail.measured')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {data.experiment.indicators.map((indicator) => (
                          <tr key={indicator.name}>
                            <th scope="row">{indicator.name}</th>
                            <td>
                              {formatNumber(indicator.target)} {indicator.unit ?? ''}
                            </td>
                            <td>
                              {formatNumber(indicator.measured)} {indicator.unit ?? ''}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </ScrollRegion>
                ) : (
                  <p className="muted">{t('activity:form.noIndicator')}</p>
                )}
              </section>
            </>
          ) : null}
          <SupportDetails action={data} />
          <section className="card">
            <h2>{t('activity:form.results')}</h2>
            <dl className="facts">
              <Fact label={t('activity:form.outcomes')}>{data.outcomes || '—'}</Fact>
              <Fact label={t('activity:form.followUps')}>{data.followUps || '—'}</Fact>
            </dl>
          </section>
          <Thread type="action" subjectId={data.id} />
          <ConfirmDialog
            open={deleting}
            title={t('activity:detail.deleteTitle')}
            confirmLabel={t('common:actions.delete')}
            busy={remove.isPending}
            error={remove.error}
            onConfirm={() => remove.mutate()}
            onClose={() => setDeleting(false)}
          >
            <p>{t('activity:detail.deleteConfirm', { title: data.title })}</p>
          </ConfirmDialog>
        </>
      )}
    </QueryView>
  );
}
