/**
 * The action form's values (strings, as the inputs give them) and their schema, which maps
 * them to the API's request body. Plain TypeScript (no React, no Vite): unit-tested on its own.
 * The enums come from the contract shared with the API (libs/contract).
 */
import { ACTION_TYPES, EXPERIMENT_PHASES, PARTICIPANT_ROLES } from '@maillage/contract';
import { z } from 'zod';
import type { Schemas } from '../../../api/client';

export type ActionType = Schemas['ActionType'];
export type Role = Schemas['ParticipantRole'];
type Body = Schemas['CreateActionDto'];
/**
 * A catalogue lookup with interpolation (i18next's `t`): the schema's messages and the labels are
 * the console's own, in French.
 */
export type TranslateWith = (key: string, options?: Record<string, unknown>) => string;

/**
 * The roles a participant may hold in each type of action. A support's organisation supported is
 * its own field, not a participant: its other participants are partners or speakers (`supported`
 * is a legacy role, no longer offered).
 */
export const ROLES: Record<ActionType, Role[]> = {
  animation: ['organiser', 'participant', 'speaker'],
  collective_experiment: ['pilot', 'partner', 'funder', 'beneficiary'],
  support: ['partner', 'speaker'],
};
export const DEFAULT_ROLE: Record<ActionType, Role> = {
  animation: 'participant',
  collective_experiment: 'partner',
  support: 'partner',
};

/** The catalogue key of the participants' legend and label, by type. */
export const PARTICIPANTS_LABEL: Record<ActionType, string> = {
  animation: 'activity:form.participants',
  collective_experiment: 'activity:form.stakeholders',
  support: 'activity:form.supportParticipants',
};

/** The participants with any role their new type does not allow moved to that type's default. */
export function rolesFor<T extends { role: Role }>(type: ActionType, participants: T[]): T[] {
  return participants.map((participant) =>
    ROLES[type].includes(participant.role) ? participant : { ...participant, role: DEFAULT_ROLE[type] },
  );
}

/**
 * The participants a support may not have: its organisation supported listed among them too (the
 * API refuses it, naming it). Empty for another type, or before the organisation supported is chosen.
 */
export function participantsAlsoSupported<T extends { actorId: string }>(
  type: ActionType,
  supportedActorId: string,
  participants: T[],
): T[] {
  return type === 'support' && supportedActorId
    ? participants.filter((participant) => participant.actorId === supportedActorId)
    : [];
}

/** The message, on the participants' field, saying a participant is the organisation supported. */
export const alsoSupportedMessage = (t: TranslateWith, name: string): string =>
  t('activity:form.participantIsSupported', { name });

/** The non-empty lines of a text area, trimmed. */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** A number as typed, with a decimal point or a French decimal comma ("12,5" → 12.5); null when empty. */
export const numberOrNull = (value: string): number | null =>
  value.trim() === '' ? null : Number(value.replace(',', '.'));

/** The API's own rule (the end may not precede the start), checked before sending. */
export const endBeforeStart = (startDate: string, endDate: string): boolean =>
  Boolean(endDate && startDate && endDate < startDate);

const trimmed = z.string().transform((value) => value.trim());
const textOrNull = z.string().transform((value) => value.trim() || null);

/** An animation's own fields. */
export const animationSchema = z.object({
  format: trimmed,
  place: textOrNull,
  headcount: z.string().transform(numberOrNull),
  topics: z.string().transform(lines),
});

/**
 * A collective experiment's own fields: blank indicator rows are left out. `savedPhase` is the
 * phase the action had when the form opened ('' for a new one): `phaseOccurredOn`, the day the
 * phase began, is asked and sent only when the phase changes.
 */
export const experimentSchema = z.object({
  phase: z.enum(EXPERIMENT_PHASES),
  savedPhase: z.string().optional(),
  phaseOccurredOn: z.string().optional(),
  objectives: z.string().transform(lines),
  indicators: z
    .array(z.object({ name: z.string(), unit: z.string(), target: z.string(), measured: z.string() }))
    .transform((rows) =>
      rows
        .filter((row) => row.name.trim() || row.target || row.measured)
        .map((row) => ({
          name: row.name.trim(),
          unit: row.unit.trim() || null,
          target: numberOrNull(row.target),
          measured: numberOrNull(row.measured),
        })),
    ),
});

/** A support's own fields: a session's notes are sent only when written. */
export const supportSchema = z.object({
  supportedActorId: z.string(),
  diagnosis: trimmed,
  outcome: trimmed,
  sessions: z.array(
    z.object({ date: z.string(), minutes: z.string(), notes: z.string() }).transform((row) => ({
      date: row.date,
      minutes: Number(row.minutes),
      ...(row.notes.trim() ? { notes: row.notes.trim() } : {}),
    })),
  ),
  resultingAllianceIds: z.array(z.string()),
});

const participantSchema = z.object({ actorId: z.string(), name: z.string(), role: z.enum(PARTICIPANT_ROLES) });

/**
 * The whole form: the fields every action has, and each type's own block (all kept while the
 * user switches types; only the chosen type's block is sent). A support's participants may not
 * include its organisation supported, refused on the participants' field as the API does.
 */
export function actionFormSchema(t: TranslateWith, today = new Date().toLocaleDateString('sv')) {
  return z
    .object({
      type: z.enum(ACTION_TYPES),
      title: trimmed,
      description: trimmed,
      startDate: z.string(),
      endDate: z.string(),
      outcomes: trimmed,
      followUps: trimmed,
      priorityIds: z.array(z.string()),
      participants: z.array(participantSchema),
      animation: animationSchema,
      experiment: experimentSchema,
      support: supportSchema,
    })
    .refine((form) => !endBeforeStart(form.startDate, form.endDate), {
      path: ['endDate'],
      message: t('activity:form.endBeforeStart'),
    })
    .superRefine((form, context) => {
      for (const { name } of participantsAlsoSupported(form.type, form.support.supportedActorId, form.participants)) {
        context.addIssue({ code: 'custom', path: ['participants'], message: alsoSupportedMessage(t, name) });
      }
    })
    .transform((form): Body => {
      const common = {
        type: form.type,
        title: form.title,
        description: form.description,
        startDate: form.startDate,
        endDate: form.endDate || null,
        outcomes: form.outcomes,
        followUps: form.followUps,
        priorityIds: form.priorityIds,
        // Roles as the rows hold them: a type change moved them to the new type's (`rolesFor`); a role
        // no longer offered that an action already had (older data) stays until the user changes it.
        participants: form.participants.map(({ actorId, role }) => ({ actorId, role })),
      };
      if (form.type === 'animation') return { ...common, animation: form.animation };
      if (form.type === 'collective_experiment') {
        const { savedPhase, phaseOccurredOn, ...experiment } = form.experiment;
        // Today is the API's default: a date is sent only when the user chose another day.
        const dated = experiment.phase !== savedPhase && phaseOccurredOn && phaseOccurredOn !== today;
        return { ...common, experiment: dated ? { ...experiment, phaseOccurredOn } : experiment };
      }
      return { ...common, support: form.support };
    });
}

export type ActionFormSchema = ReturnType<typeof actionFormSchema>;
export type ActionFormValues = z.input<ActionFormSchema>;
export type ParticipantRow = ActionFormValues['participants'][number];

const text = (value: number | null | undefined): string => (value === null || value === undefined ? '' : String(value));

/** A new session, on `today`, of an hour. */
export const newSession = (today: string): ActionFormValues['support']['sessions'][number] => ({
  date: today,
  minutes: '60',
  notes: '',
});
export const NEW_INDICATOR: ActionFormValues['experiment']['indicators'][number] = {
  name: '',
  unit: '',
  target: '',
  measured: '',
};

/**
 * The form's starting values: the action's, or a new one of `type` starting `today`. A support's
 * organisation supported listed among its participants with the legacy role `supported` (older
 * data) is left out: that row says nothing the organisation supported does not, and the API now
 * refuses it.
 */
export function actionFormValues(
  action: Schemas['ActionViewDto'] | undefined,
  type: ActionType,
  today: string,
): ActionFormValues {
  const redundant = ({ actorId, role }: { actorId: string; role: Role }) =>
    role === 'supported' && actorId === action?.support?.supportedActorId;
  return {
    type: action?.type ?? type,
    title: action?.title ?? '',
    description: action?.description ?? '',
    startDate: action?.startDate ?? today,
    endDate: action?.endDate ?? '',
    outcomes: action?.outcomes ?? '',
    followUps: action?.followUps ?? '',
    priorityIds: action?.priorityIds ?? [],
    participants: (action?.participants ?? [])
      .filter((participant) => !redundant(participant))
      .map(({ actorId, name, role }) => ({ actorId, name, role })),
    animation: {
      format: action?.animation?.format ?? '',
      place: action?.animation?.place ?? '',
      headcount: text(action?.animation?.headcount),
      topics: (action?.animation?.topics ?? []).join('\n'),
    },
    experiment: {
      phase: action?.experiment?.phase ?? 'emergence',
      savedPhase: action?.experiment?.phase ?? '',
      phaseOccurredOn: today,
      objectives: (action?.experiment?.objectives ?? []).join('\n'),
      indicators: (action?.experiment?.indicators ?? []).map((indicator) => ({
        name: indicator.name,
        unit: indicator.unit ?? '',
        target: text(indicator.target),
        measured: text(indicator.measured),
      })),
    },
    support: {
      supportedActorId: action?.support?.supportedActorId ?? '',
      diagnosis: action?.support?.diagnosis ?? '',
      outcome: action?.support?.outcome ?? '',
      sessions: (action?.support?.sessions ?? []).map((session) => ({
        date: session.date,
        minutes: String(session.minutes),
        notes: session.notes ?? '',
      })),
      resultingAllianceIds: action?.support?.resultingAllianceIds ?? [],
    },
  };
}

/** A field's messages from the API's last refusal (problem+json), by the API's field path. */
export type FieldMessages = (field: string) => string[] | undefined;

/** The label of each of the form's fields, by the API's field name (its blocks' fields after their block's). */
const FIELD_LABELS: Record<string, string> = {
  title: 'activity:actions.titleField',
  endDate: 'activity:form.endDate',
  description: 'activity:form.description',
  priorityIds: 'activity:actions.priorities',
  outcomes: 'activity:form.outcomes',
  followUps: 'activity:form.followUps',
  animation: 'activity:form.animation',
  'animation.format': 'activity:form.format',
  'animation.place': 'activity:form.place',
  'animation.headcount': 'activity:form.headcount',
  'animation.topics': 'activity:form.topics',
  experiment: 'activity:form.experiment',
  'experiment.phase': 'activity:form.phase',
  'experiment.phaseOccurredOn': 'activity:form.phaseOccurredOn',
  'experiment.objectives': 'activity:form.objectives',
  'experiment.indicators': 'activity:form.indicators',
  support: 'activity:form.support',
  'support.supportedActorId': 'activity:form.pickSupported',
  'support.diagnosis': 'activity:form.diagnosis',
  'support.outcome': 'activity:form.outcome',
  'support.sessions': 'activity:form.sessions',
  'support.resultingAllianceIds': 'activity:form.resultingAlliances',
};

/** A row's own field, labelled with the row's number (« Séance 2 : durée (minutes) »). */
const ROW_LABELS: Record<string, string> = {
  'support.sessions.date': 'activity:form.sessionDate',
  'support.sessions.minutes': 'activity:form.sessionMinutes',
  'support.sessions.notes': 'activity:form.sessionNotes',
  'experiment.indicators.name': 'activity:form.indicatorName',
  'experiment.indicators.unit': 'activity:form.indicatorUnit',
  'experiment.indicators.target': 'activity:form.indicatorTarget',
  'experiment.indicators.measured': 'activity:form.indicatorMeasured',
};

/**
 * The label the form shows for a field the API names (`title`, `support.sessions.1.minutes`), for
 * the summary of what to fix: the field's own, a row's numbered one, else its list's or block's.
 */
export function actionFieldLabel(t: TranslateWith, type: ActionType, field: string): string | undefined {
  if (field === 'startDate') return t(type === 'animation' ? 'activity:form.date' : 'activity:form.startDate');
  if (field === 'participants' || field.startsWith('participants.')) return t(PARTICIPANTS_LABEL[type]);
  const parts = field.split('.');
  const row = parts.findIndex((part) => /^\d+$/.test(part));
  if (row > 0) {
    const key = ROW_LABELS[[...parts.slice(0, row), ...parts.slice(row + 1)].join('.')];
    if (key) return t(key, { n: Number(parts[row]) + 1 });
  }
  for (let length = parts.length; length > 0; length -= 1) {
    const key = FIELD_LABELS[parts.slice(0, length).join('.')];
    if (key) return t(key);
  }
  return undefined;
}

/** Where the form says a field's messages: whole fields (their parts too), per type. */
const SHOWN_AT_FIELDS: Record<ActionType | 'all', readonly string[]> = {
  all: ['title', 'startDate', 'endDate', 'description', 'priorityIds', 'outcomes', 'followUps', 'participants'],
  animation: ['animation.format', 'animation.place', 'animation.headcount', 'animation.topics'],
  collective_experiment: ['experiment.phase', 'experiment.phaseOccurredOn', 'experiment.objectives'],
  support: ['support.supportedActorId', 'support.diagnosis', 'support.outcome'],
};

/**
 * Whether the action form shows the API's message for `field` next to the field itself (so the
 * summary above the form does not say it again): the fields each block shows, the block's own
 * messages (« required for this type », said at its first field), an indicator's row, a support
 * session's date and duration. The others (a session's notes, the list of sessions or indicators
 * as a whole, the resulting alliances) are said in the summary only.
 */
export function actionShownAtField(type: ActionType, field: string): boolean {
  const path = field.replace(/\[(\d+)\]/g, '.$1');
  const whole = [...SHOWN_AT_FIELDS.all, ...SHOWN_AT_FIELDS[type]];
  if (whole.some((shown) => path === shown || path.startsWith(`${shown}.`))) return true;
  if (type === 'animation') return path === 'animation';
  if (type === 'collective_experiment') return /^experiment\.indicators\.\d+(\.|$)/.test(path);
  return path === 'support' || /^support\.sessions\.\d+\.(date|minutes)(\.|$)/.test(path);
}
