import { describe, expect, it } from '@jest/globals';
import { STUDY_TEMPLATES, type StudyQuestion } from '@maillage/contract';
import { DomainError } from '@maillage/platform';
import { checkAnswers, checkQuestionnaire, questionsFor, type QuestionInput } from './questionnaire.js';

/** The field problems a refused input lists, or [] when accepted. */
function problems(run: () => unknown): { field: string; message: string }[] {
  try {
    run();
    return [];
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return error.errors ?? [];
  }
}

const choice = (key: string, options: string[], extra: Partial<QuestionInput> = {}): QuestionInput => ({
  key,
  kind: 'single',
  label: `Question ${key}`,
  options: options.map((option) => ({ key: option, label: `Choix ${option}` })),
  ...extra,
});

describe('checkQuestionnaire', () => {
  it('accepts every shipped template as it is', () => {
    for (const template of Object.values(STUDY_TEMPLATES))
      expect(checkQuestionnaire(template.questions)).toHaveLength(template.questions.length);
  });

  it('writes questions in a fixed shape: trimmed labels, no empty help, every prism dropped as « all »', () => {
    expect(
      checkQuestionnaire([
        {
          key: 'q',
          kind: 'multiple',
          label: '  Quelles priorités ?  ',
          help: ' ',
          required: true,
          prisms: ['inhabitant', 'association', 'company', 'public_body'],
          maxChoices: 2,
          options: [
            { key: 'a', label: ' Emploi ', fragility: 'economic' },
            { key: 'b', label: 'Isolement', fragility: null },
          ],
        },
        { kind: 'text', label: 'Un mot ?', prisms: ['public_body', 'association'] },
        { kind: 'scale', label: 'Note', min: 0, max: 10, minLabel: 'Pas du tout', maxLabel: 'Tout à fait' },
      ]),
    ).toEqual([
      {
        key: 'q',
        label: 'Quelles priorités ?',
        required: true,
        kind: 'multiple',
        maxChoices: 2,
        options: [
          { key: 'a', label: 'Emploi', fragility: 'economic' },
          { key: 'b', label: 'Isolement' },
        ],
      },
      // Keys generated for new questions, prisms in their canonical order.
      {
        key: 'question_1',
        label: 'Un mot ?',
        required: false,
        prisms: ['association', 'public_body'],
        kind: 'text',
        maxLength: 2000,
      },
      {
        key: 'question_2',
        label: 'Note',
        required: false,
        kind: 'scale',
        min: 0,
        max: 10,
        minLabel: 'Pas du tout',
        maxLabel: 'Tout à fait',
      },
    ]);
  });

  it('generates keys that do not collide with the ones sent', () => {
    const checked = checkQuestionnaire([
      { kind: 'text', label: 'A' },
      { key: 'question_1', kind: 'text', label: 'B' },
      {
        kind: 'single',
        label: 'C',
        options: [{ label: 'Oui' }, { key: 'choice_1', label: 'Non' }, { label: 'Peut-être' }],
      },
    ]);
    expect(checked.map((question) => question.key)).toEqual(['question_2', 'question_1', 'question_3']);
    expect((checked[2] as unknown as { options: { key: string }[] }).options.map((option) => option.key)).toEqual([
      'choice_2',
      'choice_1',
      'choice_3',
    ]);
  });

  it.each<[string, QuestionInput[], string[]]>([
    ['no question', [], ['questions']],
    ['a key with capitals', [choice('Bad', ['a', 'b'])], ['questions[0].key']],
    ['two questions with one key', [choice('q', ['a', 'b']), choice('q', ['a', 'b'])], ['questions[1].key']],
    ['one option only', [choice('q', ['a'])], ['questions[0].options']],
    ['two options with one key', [choice('q', ['a', 'a'])], ['questions[0].options[1].key']],
    ['an empty label', [choice('q', ['a', 'b'], { label: '   ' })], ['questions[0].label']],
    ['a label too long', [choice('q', ['a', 'b'], { label: 'x'.repeat(501) })], ['questions[0].label']],
    ['an unknown kind', [{ key: 'q', kind: 'ranking', label: 'Q' }], ['questions[0].kind']],
    ['an unknown prism', [choice('q', ['a', 'b'], { prisms: ['mayors'] })], ['questions[0].prisms']],
    ['no prism at all', [choice('q', ['a', 'b'], { prisms: [] })], ['questions[0].prisms']],
    ['a limit on a single choice', [choice('q', ['a', 'b'], { maxChoices: 1 })], ['questions[0].maxChoices']],
    [
      'more choices than options',
      [choice('q', ['a', 'b'], { kind: 'multiple', maxChoices: 3 })],
      ['questions[0].maxChoices'],
    ],
    ['no choice at all', [choice('q', ['a', 'b'], { kind: 'multiple', maxChoices: 0 })], ['questions[0].maxChoices']],
    ['a scale upside down', [{ key: 's', kind: 'scale', label: 'S', min: 5, max: 1 }], ['questions[0].min']],
    ['a scale of one value', [{ key: 's', kind: 'scale', label: 'S', min: 3, max: 3 }], ['questions[0].min']],
    ['a scale beyond 10', [{ key: 's', kind: 'scale', label: 'S', min: 0, max: 11 }], ['questions[0].min']],
    [
      'a text longer than allowed',
      [{ key: 't', kind: 'text', label: 'T', maxLength: 2001 }],
      ['questions[0].maxLength'],
    ],
    [
      'an unknown fragility',
      [{ key: 'q', kind: 'single', label: 'Q', options: [{ label: 'A', fragility: 'cultural' }, { label: 'B' }] }],
      ['questions[0].options[0].fragility'],
    ],
  ])('refuses %s, in French, with the field', (_what, input, fields) => {
    expect(problems(() => checkQuestionnaire(input)).map((problem) => problem.field)).toEqual(fields);
  });

  it('says what is wrong in French', () => {
    try {
      checkQuestionnaire([choice('q', ['a'])]);
    } catch (error) {
      expect(error).toMatchObject({
        kind: 'invalid',
        code: 'invalid_questionnaire',
        detail: 'Le questionnaire n’est pas valable : 1 problème(s) à corriger.',
        errors: [{ field: 'questions[0].options', message: 'au moins deux choix' }],
      });
      return;
    }
    throw new Error('accepted');
  });

  it('refuses more than 60 questions and more than 20 options', () => {
    const many = Array.from({ length: 61 }, (_, index) => choice(`q${index}`, ['a', 'b']));
    expect(problems(() => checkQuestionnaire(many)).map((problem) => problem.field)).toEqual(['questions']);
    const options = Array.from({ length: 21 }, (_, index) => `o${index}`);
    expect(problems(() => checkQuestionnaire([choice('q', options)])).map((problem) => problem.field)).toEqual([
      'questions[0].options',
    ]);
  });
});

describe('checkAnswers', () => {
  const questions = checkQuestionnaire([
    choice('one', ['a', 'b', 'c'], { required: true }),
    { ...choice('many', ['a', 'b', 'c']), kind: 'multiple', maxChoices: 2 },
    { key: 'note', kind: 'scale', label: 'Note', min: 1, max: 5, required: true },
    { key: 'free', kind: 'text', label: 'Libre', maxLength: 10 },
    { ...choice('orgs', ['x', 'y']), prisms: ['association', 'company'], required: true },
  ]);

  it('asks each prism its questions', () => {
    expect(questionsFor(questions, 'inhabitant').map((q) => q.key)).toEqual(['one', 'many', 'note', 'free']);
    expect(questionsFor(questions, 'company').map((q) => q.key)).toEqual(['one', 'many', 'note', 'free', 'orgs']);
  });

  it('answers the rows to store: choices sorted, texts trimmed, empty answers left out', () => {
    expect(
      checkAnswers(questionsFor(questions, 'inhabitant'), { one: 'b', many: ['c', 'a'], note: 5, free: '  ' }),
    ).toEqual([
      { questionKey: 'one', optionKeys: ['b'], scaleValue: null, textValue: null },
      { questionKey: 'many', optionKeys: ['a', 'c'], scaleValue: null, textValue: null },
      { questionKey: 'note', optionKeys: null, scaleValue: 5, textValue: null },
    ]);
    expect(checkAnswers(questionsFor(questions, 'inhabitant'), { one: 'a', note: 1, many: [], free: ' Oui ' })).toEqual(
      [
        { questionKey: 'one', optionKeys: ['a'], scaleValue: null, textValue: null },
        { questionKey: 'note', optionKeys: null, scaleValue: 1, textValue: null },
        { questionKey: 'free', optionKeys: null, scaleValue: null, textValue: 'Oui' },
      ],
    );
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['a required question left out', { note: 3 }, ['answers.one']],
    ['an option of another question', { one: 'x', note: 3 }, ['answers.one']],
    ['a list for a single choice', { one: ['a'], note: 3 }, ['answers.one']],
    ['too many choices', { one: 'a', many: ['a', 'b', 'c'], note: 3 }, ['answers.many']],
    ['a choice twice', { one: 'a', many: ['a', 'a'], note: 3 }, ['answers.many']],
    ['an unknown option', { one: 'a', many: ['z'], note: 3 }, ['answers.many']],
    ['a scale out of range', { one: 'a', note: 6 }, ['answers.note']],
    ['a scale not whole', { one: 'a', note: 2.5 }, ['answers.note']],
    ['a scale as text', { one: 'a', note: '3' }, ['answers.note']],
    ['a text too long', { one: 'a', note: 3, free: 'x'.repeat(11) }, ['answers.free']],
    ['a number as text', { one: 'a', note: 3, free: 12 }, ['answers.free']],
    ['a question of another prism', { one: 'a', note: 3, orgs: 'x' }, ['answers.orgs']],
    ['an unknown question', { one: 'a', note: 3, other: 'a' }, ['answers.other']],
  ])('refuses %s', (_what, answers, fields) => {
    expect(
      problems(() => checkAnswers(questionsFor(questions, 'inhabitant'), answers)).map((problem) => problem.field),
    ).toEqual(fields);
  });

  it('asks the organisations their own question', () => {
    const company = questionsFor(questions, 'company') as StudyQuestion[];
    expect(problems(() => checkAnswers(company, { one: 'a', note: 3 })).map((problem) => problem.field)).toEqual([
      'answers.orgs',
    ]);
  });
});
