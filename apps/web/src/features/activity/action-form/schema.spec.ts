import { describe, expect, it } from '@jest/globals';
import { french } from '../../../i18n/test-catalogue';
import {
  actionFieldLabel,
  actionShownAtField,
  actionFormSchema,
  actionFormValues,
  DEFAULT_ROLE,
  newSession,
  NEW_INDICATOR,
  participantsAlsoSupported,
  ROLES,
  rolesFor,
  type ActionFormValues,
} from './schema';

const TODAY = '2026-05-14';
const schema = actionFormSchema(french, TODAY);
const ACTOR = '0b5f4c4e-8d2a-4d1e-9f3b-2a6c1d7e8f90';
const OTHER = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const THIRD = '3f2b8e1a-5c4d-4e6f-8a9b-0c1d2e3f4a5b';

/** A new action's form of `type`, with the given changes. */
function form(type: ActionFormValues['type'], changes: Partial<ActionFormValues> = {}): ActionFormValues {
  return { ...actionFormValues(undefined, type, TODAY), ...changes };
}

describe('the action form schema', () => {
  it('maps an animation to the API body, trimmed, with its own block only', () => {
    const values = form('animation', {
      title: '  Atelier covoiturage  ',
      description: ' Un atelier ',
      outcomes: '',
      followUps: 'Lancer une plateforme',
      priorityIds: [OTHER],
      participants: [{ actorId: ACTOR, name: 'Atelier Numérique', role: 'organiser' }],
      animation: { format: ' atelier ', place: 'Tiers-lieu', headcount: '24', topics: 'Covoiturage\n\n  Vélo  \n' },
    });
    expect(schema.parse(values)).toEqual({
      type: 'animation',
      title: 'Atelier covoiturage',
      description: 'Un atelier',
      startDate: TODAY,
      endDate: null,
      outcomes: '',
      followUps: 'Lancer une plateforme',
      priorityIds: [OTHER],
      participants: [{ actorId: ACTOR, role: 'organiser' }],
      animation: { format: 'atelier', place: 'Tiers-lieu', headcount: 24, topics: ['Covoiturage', 'Vélo'] },
    });
  });

  it('keeps a role the type no longer offers that the action already had (older data), rather than changing it silently', () => {
    const body = schema.parse(
      form('animation', {
        participants: [
          { actorId: ACTOR, name: 'Atelier Numérique', role: 'beneficiary' },
          { actorId: OTHER, name: 'Mairie', role: 'speaker' },
        ],
      }),
    );
    expect(body.participants).toEqual([
      { actorId: ACTOR, role: 'beneficiary' },
      { actorId: OTHER, role: 'speaker' },
    ]);
  });

  it('sends empty optional animation fields as null', () => {
    const body = schema.parse(
      form('animation', { animation: { format: 'forum', place: '  ', headcount: '', topics: '' } }),
    );
    expect(body.animation).toEqual({ format: 'forum', place: null, headcount: null, topics: [] });
    expect(body.endDate).toBeNull();
  });

  it('maps an experiment: decimals with a comma, blank indicator rows left out, empty units null', () => {
    const body = schema.parse(
      form('collective_experiment', {
        experiment: {
          phase: 'design',
          objectives: 'Relier les zones d’emploi',
          indicators: [
            { name: ' Trajets assurés ', unit: '', target: '500', measured: '12,5' },
            { ...NEW_INDICATOR },
            { name: '', unit: 'km', target: '', measured: '' },
          ],
        },
      }),
    );
    expect(body.experiment).toEqual({
      phase: 'design',
      objectives: ['Relier les zones d’emploi'],
      indicators: [{ name: 'Trajets assurés', unit: null, target: 500, measured: 12.5 }],
    });
    expect(body).not.toHaveProperty('animation');
    expect(body).not.toHaveProperty('support');
  });

  it('sends the day a phase began only when the phase changes and another day than today was chosen', () => {
    const experiment = (changes: Partial<ActionFormValues['experiment']>) =>
      schema.parse(
        form('collective_experiment', {
          experiment: { ...form('collective_experiment').experiment, ...changes },
        }),
      ).experiment;
    // A new experiment: its first phase, today by default (left to the API), or the day chosen.
    expect(experiment({})).not.toHaveProperty('phaseOccurredOn');
    expect(experiment({ phaseOccurredOn: '2026-03-02' })).toMatchObject({ phaseOccurredOn: '2026-03-02' });
    // An edited one: only with a new phase.
    expect(experiment({ savedPhase: 'design', phase: 'design', phaseOccurredOn: '2026-03-02' })).not.toHaveProperty(
      'phaseOccurredOn',
    );
    expect(experiment({ savedPhase: 'design', phase: 'evaluation', phaseOccurredOn: '2026-03-02' })).toMatchObject({
      phase: 'evaluation',
      phaseOccurredOn: '2026-03-02',
    });
    expect(experiment({ savedPhase: 'design', phase: 'evaluation' })).not.toHaveProperty('savedPhase');
  });

  it('maps a support with its partners and speakers, its sessions’ notes only when written', () => {
    const body = schema.parse(
      form('support', {
        participants: [
          { actorId: OTHER, name: 'Atelier Numérique', role: 'partner' },
          { actorId: THIRD, name: 'Métropole', role: 'speaker' },
        ],
        support: {
          supportedActorId: ACTOR,
          diagnosis: ' Besoin de partenaires ',
          outcome: '',
          sessions: [
            { date: '2026-05-02', minutes: '90', notes: '  ' },
            { ...newSession(TODAY), notes: ' Suite ' },
          ],
          resultingAllianceIds: [OTHER],
        },
      }),
    );
    expect(body.participants).toEqual([
      { actorId: OTHER, role: 'partner' },
      { actorId: THIRD, role: 'speaker' },
    ]);
    expect(body.support).toEqual({
      supportedActorId: ACTOR,
      diagnosis: 'Besoin de partenaires',
      outcome: '',
      sessions: [
        { date: '2026-05-02', minutes: 90 },
        { date: TODAY, minutes: 60, notes: 'Suite' },
      ],
      resultingAllianceIds: [OTHER],
    });
  });

  it('refuses a support listing its organisation supported among its participants, in French, on the participants', () => {
    const values = form('support', {
      participants: [
        { actorId: OTHER, name: 'Atelier Numérique', role: 'partner' },
        { actorId: ACTOR, name: 'Passerelles Emploi', role: 'speaker' },
      ],
      support: { ...form('support').support, supportedActorId: ACTOR },
    });
    const result = schema.safeParse(values);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      [
        'participants',
        'Passerelles Emploi est l’organisation accompagnée : elle ne peut pas figurer aussi parmi les participants.',
      ],
    ]);
    expect(participantsAlsoSupported('support', ACTOR, values.participants)).toEqual([values.participants[1]]);
    // Another type has no organisation supported; a support with none chosen yet, nothing to compare.
    expect(schema.safeParse({ ...values, type: 'animation' }).success).toBe(true);
    expect(participantsAlsoSupported('support', '', values.participants)).toEqual([]);
  });

  it('edits a stored support keeping its participants, the organisation supported listed again as « supported » (older data) left out', () => {
    const stored = {
      id: OTHER,
      type: 'support',
      title: 'Accompagnement',
      startDate: '2026-05-02',
      endDate: null,
      participants: [
        { actorId: ACTOR, name: 'Passerelles Emploi', role: 'supported' },
        { actorId: OTHER, name: 'Atelier Numérique', role: 'partner' },
        { actorId: THIRD, name: 'Métropole', role: 'speaker' },
      ],
      support: {
        supportedActorId: ACTOR,
        diagnosis: 'Besoin de partenaires',
        outcome: '',
        sessions: [{ date: '2026-05-02', minutes: 90 }],
        totalMinutes: 90,
        resultingAllianceIds: [],
      },
    } as never;
    const values = actionFormValues(stored, 'animation', TODAY);
    expect(values.participants).toEqual([
      { actorId: OTHER, name: 'Atelier Numérique', role: 'partner' },
      { actorId: THIRD, name: 'Métropole', role: 'speaker' },
    ]);
    expect(schema.parse(values).participants).toEqual([
      { actorId: OTHER, role: 'partner' },
      { actorId: THIRD, role: 'speaker' },
    ]);
  });

  it('offers a support’s participants the roles partner and speaker, partner by default', () => {
    expect(ROLES.support).toEqual(['partner', 'speaker']);
    expect(DEFAULT_ROLE.support).toBe('partner');
  });

  it('refuses an end before the start, in French, on the end date', () => {
    const result = schema.safeParse(form('animation', { startDate: '2026-05-14', endDate: '2026-05-01' }));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['endDate', 'La date de fin doit suivre la date de début.'],
    ]);
    expect(schema.parse(form('animation', { endDate: '2026-05-14' })).endDate).toBe('2026-05-14');
  });

  it('leaves to the API what it checks itself (an empty title, a missing format)', () => {
    expect(schema.safeParse(form('animation')).success).toBe(true);
  });

  it('moves a role its type does not allow to that type’s default when the type changes', () => {
    const participants = [
      { actorId: ACTOR, name: 'A', role: 'organiser' as const },
      { actorId: OTHER, name: 'B', role: 'funder' as const },
    ];
    expect(rolesFor('collective_experiment', participants).map((p) => p.role)).toEqual(['partner', 'funder']);
    expect(rolesFor('animation', participants).map((p) => p.role)).toEqual(['organiser', 'participant']);
  });

  it('refuses a role that is none of the contract’s', () => {
    const participants = [{ actorId: ACTOR, name: 'A', role: 'boss' as never }];
    expect(schema.safeParse(form('animation', { participants })).success).toBe(false);
  });

  it('starts from an action’s values as strings', () => {
    const values = actionFormValues(
      {
        id: OTHER,
        type: 'collective_experiment',
        title: 'Navette',
        startDate: '2026-05-20',
        endDate: null,
        participants: [{ actorId: ACTOR, name: 'A', role: 'pilot' }],
        experiment: {
          phase: 'design',
          phaseHistory: [],
          objectives: ['Relier', 'Desservir'],
          indicators: [{ name: 'Trajets', unit: null, target: 500, measured: null }],
        },
      } as never,
      'animation',
      TODAY,
    );
    expect(values.type).toBe('collective_experiment');
    expect(values.endDate).toBe('');
    expect(values.experiment).toEqual({
      phase: 'design',
      savedPhase: 'design',
      phaseOccurredOn: TODAY,
      objectives: 'Relier\nDesservir',
      indicators: [{ name: 'Trajets', unit: '', target: '500', measured: '' }],
    });
    expect(schema.parse(values).experiment?.indicators).toEqual([
      { name: 'Trajets', unit: null, target: 500, measured: null },
    ]);
  });
});

describe('the labels of the fields the API names, for the summary of what to fix', () => {
  it('names each field as the form does, a row by its number, else its block', () => {
    expect(actionFieldLabel(french, 'animation', 'title')).toBe('Intitulé');
    expect(actionFieldLabel(french, 'animation', 'startDate')).toBe('Date');
    expect(actionFieldLabel(french, 'support', 'startDate')).toBe('Date de début');
    expect(actionFieldLabel(french, 'support', 'support.sessions.1.minutes')).toBe('Séance 2 : durée (minutes)');
    expect(actionFieldLabel(french, 'animation', 'participants.0.role')).toBe('Organisateur et participants');
    expect(actionFieldLabel(french, 'collective_experiment', 'participants')).toBe('Parties prenantes');
    expect(actionFieldLabel(french, 'support', 'participants')).toBe('Partenaires et intervenants');
    expect(actionFieldLabel(french, 'support', 'support')).toBe('Accompagnement');
    expect(actionFieldLabel(french, 'animation', 'unknown')).toBeUndefined();
  });
});

describe('the messages the action form says at their field (the summary says the others)', () => {
  it('takes the fields each type shows, with their parts', () => {
    expect(actionShownAtField('animation', 'title')).toBe(true);
    expect(actionShownAtField('animation', 'participants.1.actorId')).toBe(true);
    expect(actionShownAtField('animation', 'participants[1].role')).toBe(true);
    expect(actionShownAtField('animation', 'animation.topics.0')).toBe(true);
    expect(actionShownAtField('collective_experiment', 'experiment.phaseOccurredOn')).toBe(true);
    expect(actionShownAtField('support', 'support.supportedActorId')).toBe(true);
  });

  it("takes a block's own message, said at its first field, for animation and support only", () => {
    expect(actionShownAtField('animation', 'animation')).toBe(true);
    expect(actionShownAtField('support', 'support')).toBe(true);
    expect(actionShownAtField('collective_experiment', 'experiment')).toBe(false);
  });

  it("takes an indicator's row and a session's date and duration, not the lists themselves nor a session's notes", () => {
    expect(actionShownAtField('collective_experiment', 'experiment.indicators.2.target')).toBe(true);
    expect(actionShownAtField('collective_experiment', 'experiment.indicators')).toBe(false);
    expect(actionShownAtField('support', 'support.sessions.0.minutes')).toBe(true);
    expect(actionShownAtField('support', 'support.sessions.0.notes')).toBe(false);
    expect(actionShownAtField('support', 'support.sessions')).toBe(false);
    expect(actionShownAtField('support', 'support.resultingAllianceIds')).toBe(false);
  });

  it("leaves another type's fields and unknown fields to the summary", () => {
    expect(actionShownAtField('support', 'animation.place')).toBe(false);
    expect(actionShownAtField('animation', 'support')).toBe(false);
    expect(actionShownAtField('animation', 'type')).toBe(false);
    expect(actionShownAtField('animation', 'titleSuffix')).toBe(false);
  });
});
