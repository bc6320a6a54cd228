import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api, ApiError, call, type Schemas } from '../../api/client';
import { useTerritory } from '../../app/territory';
import {
  Button,
  ButtonLink,
  fieldErrors,
  FormErrors,
  PageHeader,
  QueryView,
  SelectField,
  TextArea,
  TextField,
} from '../../ui/components';
import { formatNumber, today } from '../../ui/format';
import { useNotify } from '../../ui/notices';
import {
  ACTION_TYPES,
  ActorSearch,
  focusAfterRemoval,
  focusSoon,
  lines,
  PriorityChecks,
  STAGES,
  type Action,
  type ActionType,
} from './shared';
import { actionKeys, allianceKeys, invalidateEcosystem, useActor } from './queries';

type Role = Schemas['ParticipantRole'];
const ROLES: Record<ActionType, Role[]> = {
  animation: ['organiser', 'participant', 'speaker'],
  collective_experiment: ['pilot', 'partner', 'funder', 'beneficiary'],
  support: ['supported', 'partner', 'speaker'],
};
const DEFAULT_ROLE: Record<ActionType, Role> = {
  animation: 'participant',
  collective_experiment: 'partner',
  support: 'partner',
};

interface ParticipantRow {
  actorId: string;
  name: string;
  role: Role;
}
interface IndicatorRow {
  key: number;
  name: string;
  unit: string;
  target: string;
  measured: string;
}
interface SessionRow {
  key: number;
  date: string;
  minutes: string;
  notes: string;
}

/** The participants with any role their new type does not allow moved to that type's default. */
export function rolesFor(type: ActionType, participants: ParticipantRow[]): ParticipantRow[] {
  return participants.map((participant) =>
    ROLES[type].includes(participant.role) ? participant : { ...participant, role: DEFAULT_ROLE[type] },
  );
}

let rowKey = 0;
const nextKey = () => (rowKey += 1);
/** The rows with the one of this key changed. */
function patchRow<T extends { key: number }>(rows: T[], key: number, patch: Partial<T>): T[] {
  return rows.map((row) => (row.key === key ? { ...row, ...patch } : row));
}
const numberOrNull = (value: string): number | null => (value.trim() === '' ? null : Number(value.replace(',', '.')));

/** The participants of an action, each with a role among those of its type. */
function ParticipantsEditor({
  type,
  value,
  onChange,
  errors,
}: {
  type: ActionType;
  value: ParticipantRow[];
  onChange: (next: ParticipantRow[]) => void;
  errors?: string[];
}): ReactNode {
  const { t } = useTranslation(['activity', 'domain', 'common']);
  const fieldset = useRef<HTMLFieldSetElement>(null);
  /** Removes a row; its button goes with it, so focus the next row's (or the previous, or the search field). */
  const remove = (index: number) => {
    onChange(value.filter((_, position) => position !== index));
    focusAfterRemoval(fieldset.current, '.editor-row', index, value.length);
  };
  return (
    <fieldset className="field" ref={fieldset}>
      <legend>
        {t(type === 'collective_experiment' ? 'activity:form.stakeholders' : 'activity:form.participants')}
      </legend>
      {value.length === 0 ? <p className="muted">{t('activity:form.noParticipant')}</p> : null}
      <ul className="editor-rows">
        {value.map((participant, index) => (
          <li key={participant.actorId} className="editor-row">
            <span className="editor-name">{participant.name}</span>
            <SelectField
              label={t('activity:form.roleOf', { name: participant.name })}
              value={participant.role}
              onChange={(event) =>
                onChange(
                  value.map((item, position) =>
                    position === index ? { ...item, role: event.target.value as Role } : item,
                  ),
                )
              }
              options={ROLES[type].map((role) => ({ value: role, label: t(`domain:participantRole.${role}`) }))}
            />
            <Button variant="tertiary" onClick={() => remove(index)}>
              {t('activity:form.remove')}
              <span className="visually-hidden"> {participant.name}</span>
            </Button>
          </li>
        ))}
      </ul>
      <ActorSearch
        label={t('activity:form.addParticipant')}
        exclude={value.map((item) => item.actorId)}
        errors={errors}
        onPick={(actor) => onChange([...value, { actorId: actor.id, name: actor.name, role: DEFAULT_ROLE[type] }])}
      />
    </fieldset>
  );
}

function ActionForm({ action, initialType }: { action?: Action; initialType: ActionType }): ReactNode {
  const { t } = useTranslation(['activity', 'domain', 'common']);
  const { territoryId } = useTerritory();
  const navigate = useNavigate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const [type, setType] = useState<ActionType>(action?.type ?? initialType);
  const [title, setTitle] = useState(action?.title ?? '');
  const [description, setDescription] = useState(action?.description ?? '');
  const [startDate, setStartDate] = useState(action?.startDate ?? today());
  const [endDate, setEndDate] = useState(action?.endDate ?? '');
  const [outcomes, setOutcomes] = useState(action?.outcomes ?? '');
  const [followUps, setFollowUps] = useState(action?.followUps ?? '');
  const [priorityIds, setPriorityIds] = useState<string[]>(action?.priorityIds ?? []);
  const [participants, setParticipants] = useState<ParticipantRow[]>(action?.participants ?? []);
  // Animation
  const [format, setFormat] = useState(action?.animation?.format ?? '');
  const [place, setPlace] = useState(action?.animation?.place ?? '');
  const [headcount, setHeadcount] = useState(
    action?.animation?.headcount === null || action?.animation?.headcount === undefined
      ? ''
      : String(action.animation.headcount),
  );
  const [topics, setTopics] = useState((action?.animation?.topics ?? []).join('\n'));
  // Collective experiment
  const [phase, setPhase] = useState<Schemas['ExperimentPhase']>(action?.experiment?.phase ?? 'emergence');
  const [objectives, setObjectives] = useState((action?.experiment?.objectives ?? []).join('\n'));
  const [indicators, setIndicators] = useState<IndicatorRow[]>(
    (action?.experiment?.indicators ?? []).map((indicator) => ({
      key: nextKey(),
      name: indicator.name,
      unit: indicator.unit ?? '',
      target: indicator.target === null || indicator.target === undefined ? '' : String(indicator.target),
      measured: indicator.measured === null || indicator.measured === undefined ? '' : String(indicator.measured),
    })),
  );
  // Support
  const [supportedActorId, setSupportedActorId] = useState(action?.support?.supportedActorId ?? '');
  const supported = useActor(supportedActorId || undefined);
  const supportId = useId();
  const [diagnosis, setDiagnosis] = useState(action?.support?.diagnosis ?? '');
  const [outcome, setOutcome] = useState(action?.support?.outcome ?? '');
  const [sessions, setSessions] = useState<SessionRow[]>(
    (action?.support?.sessions ?? []).map((session) => ({
      key: nextKey(),
      date: session.date,
      minutes: String(session.minutes),
      notes: session.notes ?? '',
    })),
  );
  const [resultingAllianceIds, setResultingAllianceIds] = useState<string[]>(
    action?.support?.resultingAllianceIds ?? [],
  );
  const supportedAlliances = useQuery({
    queryKey: allianceKeys.ofActor(territoryId, supportedActorId, 'support'),
    enabled: type === 'support' && Boolean(supportedActorId),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/alliances', {
          params: { path: { territoryId }, query: { actorId: supportedActorId, limit: 100 } },
        }),
      ),
  });

  const body = (): Schemas['CreateActionDto'] => {
    const common = {
      type,
      title: title.trim(),
      description: description.trim(),
      startDate,
      endDate: endDate || null,
      outcomes: outcomes.trim(),
      followUps: followUps.trim(),
      priorityIds,
      participants:
        type === 'support'
          ? []
          : participants.map((participant) => ({ actorId: participant.actorId, role: participant.role })),
    };
    if (type === 'animation') {
      return {
        ...common,
        animation: {
          format: format.trim(),
          place: place.trim() || null,
          headcount: numberOrNull(headcount),
          topics: lines(topics),
        },
      };
    }
    if (type === 'collective_experiment') {
      return {
        ...common,
        experiment: {
          phase,
          objectives: lines(objectives),
          indicators: indicators
            .filter((row) => row.name.trim() || row.target || row.measured)
            .map((row) => ({
              name: row.name.trim(),
              unit: row.unit.trim() || null,
              target: numberOrNull(row.target),
              measured: numberOrNull(row.measured),
            })),
        },
      };
    }
    return {
      ...common,
      support: {
        supportedActorId,
        diagnosis: diagnosis.trim(),
        outcome: outcome.trim(),
        sessions: sessions.map((row) => ({
          date: row.date,
          minutes: Number(row.minutes),
          ...(row.notes.trim() ? { notes: row.notes.trim() } : {}),
        })),
        resultingAllianceIds,
      },
    };
  };

  const save = useMutation({
    mutationFn: () => {
      const payload = body();
      if (!action) {
        return call(
          api.POST('/api/v1/territories/{territoryId}/actions', { params: { path: { territoryId } }, body: payload }),
        );
      }
      const { type: _type, ...patch } = payload;
      return call(
        api.PATCH('/api/v1/territories/{territoryId}/actions/{actionId}', {
          params: { path: { territoryId, actionId: action.id }, header: { 'If-Match': String(action.version) } },
          body: patch,
        }),
      );
    },
    onSuccess: (saved) => {
      notify('success', t(action ? 'activity:form.saved' : 'activity:form.created', { title: saved.title }));
      void queryClient.invalidateQueries({ queryKey: actionKeys.all(territoryId) });
      invalidateEcosystem(queryClient, territoryId);
      void navigate(`/t/${territoryId}/actions/${saved.id}`);
    },
  });
  const errors = (field: string) => fieldErrors(save.error, field);
  /** A field's messages and its block's own ("required for this type"), without the block's other fields. */
  const withBlock = (field: string, block: string) => [
    ...(errors(field) ?? []),
    ...(save.error instanceof ApiError
      ? (save.error.problem.errors ?? []).filter((item) => item.field === block).map((item) => item.message)
      : []),
  ];
  // The API's own rule (the end may not precede the start), checked before sending.
  const endBeforeStart = Boolean(endDate && startDate && endDate < startDate);
  const totalMinutes = sessions.reduce((total, row) => total + (Number(row.minutes) || 0), 0);

  return (
    <form
      noValidate
      className="action-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (endBeforeStart) {
          event.currentTarget.querySelector<HTMLElement>('[name="endDate"]')?.focus();
          return;
        }
        save.mutate();
      }}
    >
      <FormErrors error={save.error} />
      {action ? null : (
        <fieldset className="field type-choice">
          <legend>{t('activity:form.typeLegend')}</legend>
          {ACTION_TYPES.map((value) => (
            <div className="radio-card" key={value}>
              <input
                type="radio"
                id={`type-${value}`}
                name="type"
                value={value}
                checked={type === value}
                onChange={() => {
                  setType(value);
                  setParticipants((current) => rolesFor(value, current));
                }}
              />
              <label htmlFor={`type-${value}`}>
                <strong>{t(`domain:actionType.${value}`)}</strong>
                <span className="muted">{t(`activity:form.typeHint.${value}`)}</span>
              </label>
            </div>
          ))}
        </fieldset>
      )}
      <section className="card">
        <h2>{t('activity:form.general')}</h2>
        <TextField
          label={t('activity:actions.titleField')}
          required
          maxLength={300}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          errors={errors('title')}
        />
        <div className="form-grid">
          <TextField
            label={t(type === 'animation' ? 'activity:form.date' : 'activity:form.startDate')}
            type="date"
            required
            value={startDate}
            onChange={(event) => setStartDate(event.target.value)}
            errors={errors('startDate')}
          />
          <TextField
            label={t('activity:form.endDate')}
            type="date"
            name="endDate"
            value={endDate}
            min={startDate}
            onChange={(event) => setEndDate(event.target.value)}
            errors={[...(endBeforeStart ? [t('activity:form.endBeforeStart')] : []), ...(errors('endDate') ?? [])]}
          />
        </div>
        <TextArea
          label={t('activity:form.description')}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          errors={errors('description')}
        />
        <PriorityChecks value={priorityIds} onChange={setPriorityIds} errors={errors('priorityIds')} />
      </section>

      {type === 'animation' ? (
        <section className="card">
          <h2>{t('activity:form.animation')}</h2>
          <div className="form-grid">
            <TextField
              label={t('activity:form.format')}
              hint={t('activity:form.formatHint')}
              required
              maxLength={100}
              list="animation-formats"
              value={format}
              onChange={(event) => setFormat(event.target.value)}
              errors={withBlock('animation.format', 'animation')}
            />
            <datalist id="animation-formats">
              {(t('activity:form.formatSuggestions', { returnObjects: true }) as string[]).map((value) => (
                <option key={value} value={value} />
              ))}
            </datalist>
            <TextField
              label={t('activity:form.place')}
              maxLength={300}
              value={place}
              onChange={(event) => setPlace(event.target.value)}
              errors={errors('animation.place')}
            />
            <TextField
              label={t('activity:form.headcount')}
              type="number"
              min={0}
              inputMode="numeric"
              value={headcount}
              onChange={(event) => setHeadcount(event.target.value)}
              errors={errors('animation.headcount')}
            />
          </div>
          <ParticipantsEditor
            type={type}
            value={participants}
            onChange={setParticipants}
            errors={errors('participants')}
          />
          <TextArea
            label={t('activity:form.topics')}
            hint={t('activity:form.onePerLine')}
            value={topics}
            onChange={(event) => setTopics(event.target.value)}
            errors={errors('animation.topics')}
          />
        </section>
      ) : null}

      {type === 'collective_experiment' ? (
        <section className="card">
          <h2>{t('activity:form.experiment')}</h2>
          <SelectField
            label={t('activity:form.phase')}
            hint={t('activity:form.phaseHint')}
            value={phase}
            onChange={(event) => setPhase(event.target.value as Schemas['ExperimentPhase'])}
            options={STAGES.map((value, index) => ({
              value,
              label: `${index + 1}. ${t(`domain:experimentStage.${value}`)}`,
            }))}
            errors={errors('experiment.phase')}
          />
          <ParticipantsEditor
            type={type}
            value={participants}
            onChange={setParticipants}
            errors={errors('participants')}
          />
          <TextArea
            label={t('activity:form.objectives')}
            hint={t('activity:form.onePerLine')}
            value={objectives}
            onChange={(event) => setObjectives(event.target.value)}
            errors={errors('experiment.objectives')}
          />
          <fieldset className="field">
            <legend>{t('activity:form.indicators')}</legend>
            {indicators.length === 0 ? <p className="muted">{t('activity:form.noIndicator')}</p> : null}
            {indicators.map((row, index) => (
              <div className="indicator-row" key={row.key}>
                <TextField
                  label={t('activity:form.indicatorName', { n: index + 1 })}
                  value={row.name}
                  maxLength={200}
                  onChange={(event) => setIndicators(patchRow(indicators, row.key, { name: event.target.value }))}
                  errors={errors(`experiment.indicators.${index}`)}
                />
                <TextField
                  label={t('activity:form.indicatorUnit', { n: index + 1 })}
                  value={row.unit}
                  maxLength={50}
                  onChange={(event) => setIndicators(patchRow(indicators, row.key, { unit: event.target.value }))}
                />
                <TextField
                  label={t('activity:form.indicatorTarget', { n: index + 1 })}
                  type="number"
                  value={row.target}
                  onChange={(event) => setIndicators(patchRow(indicators, row.key, { target: event.target.value }))}
                />
                <TextField
                  label={t('activity:form.indicatorMeasured', { n: index + 1 })}
                  type="number"
                  value={row.measured}
                  onChange={(event) =>
                    setIndicators(
                      indicators.map((item) =>
                        item.key === row.key ? { ...item, measured: event.target.value } : item,
                      ),
                    )
                  }
                />
                <Button
                  variant="tertiary"
                  onClick={() => setIndicators(indicators.filter((item) => item.key !== row.key))}
                >
                  {t('activity:form.removeIndicator', { n: index + 1 })}
                </Button>
              </div>
            ))}
            <div>
              <Button
                variant="secondary"
                onClick={() =>
                  setIndicators([...indicators, { key: nextKey(), name: '', unit: '', target: '', measured: '' }])
                }
              >
                {t('activity:form.addIndicator')}
              </Button>
            </div>
          </fieldset>
        </section>
      ) : null}

      {type === 'support' ? (
        <section className="card" id={supportId}>
          <h2>{t('activity:form.support')}</h2>
          {supportedActorId ? (
            <p className="filter-chip">
              {t('activity:form.supported', { name: supported.data?.name ?? '…' })}{' '}
              <Button
                variant="tertiary"
                id={`${supportId}-change`}
                onClick={() => {
                  setSupportedActorId('');
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
          ) : (
            <ActorSearch
              label={t('activity:form.pickSupported')}
              errors={withBlock('support.supportedActorId', 'support')}
              onPick={(actor) => {
                setSupportedActorId(actor.id);
                // The search field gives way to the chosen organisation: focus its "change" button.
                focusSoon(() => document.getElementById(`${supportId}-change`), 10, false);
              }}
            />
          )}
          <TextArea
            label={t('activity:form.diagnosis')}
            value={diagnosis}
            onChange={(event) => setDiagnosis(event.target.value)}
            errors={errors('support.diagnosis')}
          />
          <fieldset className="field">
            <legend>{t('activity:form.sessions')}</legend>
            {sessions.length === 0 ? <p className="muted">{t('activity:form.noSession')}</p> : null}
            {sessions.map((row, index) => (
              <div className="indicator-row" key={row.key}>
                <TextField
                  label={t('activity:form.sessionDate', { n: index + 1 })}
                  type="date"
                  required
                  value={row.date}
                  onChange={(event) => setSessions(patchRow(sessions, row.key, { date: event.target.value }))}
                  errors={errors(`support.sessions.${index}.date`)}
                />
                <TextField
                  label={t('activity:form.sessionMinutes', { n: index + 1 })}
                  type="number"
                  min={1}
                  required
                  value={row.minutes}
                  onChange={(event) => setSessions(patchRow(sessions, row.key, { minutes: event.target.value }))}
                  errors={errors(`support.sessions.${index}.minutes`)}
                />
                <TextField
                  label={t('activity:form.sessionNotes', { n: index + 1 })}
                  value={row.notes}
                  onChange={(event) => setSessions(patchRow(sessions, row.key, { notes: event.target.value }))}
                />
                <Button variant="tertiary" onClick={() => setSessions(sessions.filter((item) => item.key !== row.key))}>
                  {t('activity:form.removeSession', { n: index + 1 })}
                </Button>
              </div>
            ))}
            <p className="muted">
              {t('activity:form.totalTime', {
                minutes: formatNumber(totalMinutes),
                hours: formatNumber(totalMinutes / 60, { maximumFractionDigits: 1 }),
              })}
            </p>
            <div>
              <Button
                variant="secondary"
                onClick={() => setSessions([...sessions, { key: nextKey(), date: today(), minutes: '60', notes: '' }])}
              >
                {t('activity:form.addSession')}
              </Button>
            </div>
          </fieldset>
          <TextArea
            label={t('activity:form.outcome')}
            value={outcome}
            onChange={(event) => setOutcome(event.target.value)}
            errors={errors('support.outcome')}
          />
          <fieldset className="field checkbox-group">
            <legend>{t('activity:form.resultingAlliances')}</legend>
            {!supportedActorId ? (
              <p className="muted">{t('activity:form.pickSupportedFirst')}</p>
            ) : supportedAlliances.data?.items.length ? (
              supportedAlliances.data.items.map((alliance) => (
                <div className="checkbox" key={alliance.id}>
                  <input
                    type="checkbox"
                    id={`alliance-${alliance.id}`}
                    checked={resultingAllianceIds.includes(alliance.id)}
                    onChange={(event) =>
                      setResultingAllianceIds(
                        event.target.checked
                          ? [...resultingAllianceIds, alliance.id]
                          : resultingAllianceIds.filter((id) => id !== alliance.id),
                      )
                    }
                  />
                  <label htmlFor={`alliance-${alliance.id}`}>{alliance.title}</label>
                </div>
              ))
            ) : (
              <p className="muted">{t('activity:form.noAllianceOfSupported')}</p>
            )}
          </fieldset>
        </section>
      ) : null}

      <section className="card">
        <h2>{t('activity:form.results')}</h2>
        <TextArea
          label={t('activity:form.outcomes')}
          value={outcomes}
          onChange={(event) => setOutcomes(event.target.value)}
          errors={errors('outcomes')}
        />
        <TextArea
          label={t('activity:form.followUps')}
          value={followUps}
          onChange={(event) => setFollowUps(event.target.value)}
          errors={errors('followUps')}
        />
      </section>
      <div className="form-actions">
        <Button type="submit" busy={save.isPending}>
          {action ? t('common:actions.save') : t('activity:form.submitCreate')}
        </Button>
        <ButtonLink to={action ? `/t/${territoryId}/actions/${action.id}` : `/t/${territoryId}/actions`}>
          {t('common:actions.cancel')}
        </ButtonLink>
      </div>
    </form>
  );
}

/** Logging a new action: the type first, then the facts of that type. */
export function NewActionPage(): ReactNode {
  const { t } = useTranslation('activity');
  const [params] = useSearchParams();
  const requested = params.get('type') as ActionType | null;
  return (
    <>
      <PageHeader title={t('form.newTitle')} subtitle={t('form.newIntro')} />
      <ActionForm initialType={requested && ACTION_TYPES.includes(requested) ? requested : 'animation'} />
    </>
  );
}

export function useAction(actionId: string) {
  const { territoryId } = useTerritory();
  return useQuery({
    queryKey: actionKeys.detail(territoryId, actionId),
    queryFn: () =>
      call(
        api.GET('/api/v1/territories/{territoryId}/actions/{actionId}', {
          params: { path: { territoryId, actionId } },
        }),
      ),
  });
}

export function EditActionPage(): ReactNode {
  const { t } = useTranslation(['activity', 'domain']);
  const { actionId = '' } = useParams();
  const action = useAction(actionId);
  return (
    <>
      <PageHeader
        title={
          action.data ? t('activity:form.editTitle', { title: action.data.title }) : t('activity:form.editTitleShort')
        }
        subtitle={action.data ? t(`domain:actionType.${action.data.type}`) : undefined}
      />
      <QueryView query={action}>
        {(data) => <ActionForm key={data.version} action={data} initialType={data.type} />}
      </QueryView>
    </>
  );
}
