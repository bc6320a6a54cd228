import { describe, expect, it } from '@jest/globals';
import { STUDY_TEMPLATES } from '@maillage/contract';
import { french } from '../../i18n/test-catalogue';
import {
  newOption,
  newQuestion,
  optionKey,
  questionnaireSchema,
  questionnaireValues,
  type QuestionnaireValues,
} from './questionnaire-schema';

const schema = questionnaireSchema(french);
const phare = STUDY_TEMPLATES.phare;
const start = (): QuestionnaireValues =>
  questionnaireValues({ title: phare.title, description: '', prisms: phare.prisms, questions: phare.questions });

/** The messages of an invalid questionnaire, by field path. */
function messages(values: QuestionnaireValues): Record<string, string> {
  const result = schema.safeParse(values);
  expect(result.success).toBe(false);
  return Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]));
}

describe('the questionnaire editor', () => {
  it('gives back the shipped questionnaire unchanged when nothing was edited', () => {
    const body = schema.parse(start());
    expect(body.title).toBe(phare.title);
    expect(body.prisms).toEqual(phare.prisms);
    expect(body.questions).toEqual(phare.questions);
  });

  it('keeps the keys of edited questions and options, sends none for a new question, makes option keys from labels', () => {
    const values = start();
    values.questions[1]!.label = '  Quelles fragilités voyez-vous sur la commune ? ';
    const added = newQuestion('single');
    added.label = 'Connaissez-vous la maison France services ?';
    added.required = true;
    added.options = [
      { ...newOption(), label: 'Oui, j’y suis déjà allé(e)' },
      { ...newOption(), label: 'Non' },
      { ...newOption(), label: 'Non !' },
    ];
    values.questions.push(added);
    const body = schema.parse(values);
    expect(body.questions[1]).toMatchObject({
      key: 'perceived_fragilities',
      label: 'Quelles fragilités voyez-vous sur la commune ?',
      options: phare.questions[1]!.kind === 'multiple' ? phare.questions[1]!.options : [],
    });
    expect(body.questions.at(-1)).toEqual({
      kind: 'single',
      label: 'Connaissez-vous la maison France services ?',
      required: true,
      options: [
        { key: 'oui_j_y_suis_deja_alle_e', label: 'Oui, j’y suis déjà allé(e)' },
        { key: 'non', label: 'Non' },
        { key: 'non_2', label: 'Non !' },
      ],
    });
  });

  it('maps a scale, a text and a limited multiple choice with numbers', () => {
    const values = start();
    const scale = {
      ...newQuestion('scale'),
      label: 'Confiance',
      min: '0',
      max: '10',
      minLabel: 'Aucune',
      maxLabel: 'Totale',
    };
    const text = { ...newQuestion('text'), label: 'Une idée ?', maxLength: '300' };
    const multiple = {
      ...newQuestion('multiple'),
      label: 'Vos engagements',
      maxChoices: '2',
      options: [
        { key: '', label: 'Bénévolat', fragility: '' as const },
        { key: '', label: 'Don', fragility: '' as const },
        { key: '', label: 'Élu(e)', fragility: '' as const },
      ],
    };
    values.questions = [scale, text, multiple];
    expect(schema.parse(values).questions).toEqual([
      { kind: 'scale', label: 'Confiance', required: false, min: 0, max: 10, minLabel: 'Aucune', maxLabel: 'Totale' },
      { kind: 'text', label: 'Une idée ?', required: false, maxLength: 300 },
      {
        kind: 'multiple',
        label: 'Vos engagements',
        required: false,
        maxChoices: 2,
        options: [
          { key: 'benevolat', label: 'Bénévolat' },
          { key: 'don', label: 'Don' },
          { key: 'elu_e', label: 'Élu(e)' },
        ],
      },
    ]);
  });

  it('names each problem in French at its field', () => {
    const values = start();
    values.title = ' ';
    values.prisms = [];
    values.questions[0]!.label = '';
    values.questions[1]!.options[0]!.label = ' ';
    values.questions[1]!.options[1]!.label = values.questions[1]!.options[2]!.label;
    values.questions[2]!.maxChoices = '11';
    values.questions.push({
      ...newQuestion('scale'),
      label: 'Échelle',
      min: '5',
      max: '5',
      minLabel: 'Bas',
      maxLabel: '',
    });
    values.questions.push({
      ...newQuestion('single'),
      label: 'Une seule réponse',
      options: [{ ...newOption(), label: 'Oui' }],
    });
    values.questions.push({ ...newQuestion('text'), label: 'x'.repeat(501), maxLength: '2001' });
    expect(messages(values)).toEqual({
      title: 'Donnez un titre à l’étude.',
      prisms: 'Choisissez au moins un public.',
      'questions.0.label': 'Écrivez l’intitulé de la question.',
      'questions.1.options.0.label': 'Écrivez cette réponse, ou retirez-la.',
      'questions.1.options.2.label': 'Cette réponse est déjà proposée.',
      'questions.2.maxChoices': 'Un nombre entier entre 1 et 10.',
      'questions.10.max': 'Des nombres entiers, la valeur la plus basse sous la plus haute, 10 au plus.',
      'questions.10.maxLabel': 'Dites ce que signifie cette valeur.',
      'questions.11.options': 'Proposez au moins deux réponses.',
      'questions.12.label': '500 caractères au plus.',
      'questions.12.maxLength': 'Un nombre entier entre 1 et 2000.',
    });
    expect(messages({ ...start(), questions: [] })).toEqual({
      questions: 'Le questionnaire doit garder au moins une question.',
    });
  });

  it('makes option keys the API accepts, never twice', () => {
    const taken = new Set(['oui']);
    expect(optionKey('Oui', taken)).toBe('oui_2');
    expect(optionKey('1er choix', taken)).toBe('er_choix');
    expect(optionKey('« ? »', taken)).toBe('option');
    expect(optionKey('Économie sociale et solidaire', taken)).toBe('economie_sociale_et_solidaire');
  });
});
