import { describe, expect, it } from '@jest/globals';
import { STUDY_TEMPLATES, type StudyQuestion } from '@maillage/contract';
import { french } from '../../i18n/test-catalogue';
import { answerValues, checkAnswers, minutesToAnswer } from './answer-form';

const questions: StudyQuestion[] = [
  {
    key: 'duty',
    kind: 'single',
    label: 'Devoir d’alliances',
    required: true,
    options: [
      { key: 'agree', label: 'D’accord' },
      { key: 'disagree', label: 'Pas d’accord' },
    ],
  },
  {
    key: 'issues',
    kind: 'multiple',
    label: 'Enjeux',
    required: true,
    maxChoices: 2,
    options: [
      { key: 'a', label: 'A' },
      { key: 'b', label: 'B' },
      { key: 'c', label: 'C' },
    ],
  },
  {
    key: 'trust',
    kind: 'scale',
    label: 'Confiance',
    required: false,
    min: 1,
    max: 5,
    minLabel: 'Peu',
    maxLabel: 'Beaucoup',
  },
  { key: 'comment', kind: 'text', label: 'Commentaire', required: false, maxLength: 10 },
];

describe('the public answer form', () => {
  it('starts empty and estimates the time to answer', () => {
    expect(answerValues(questions)).toEqual({ duty: '', issues: [], trust: '', comment: '' });
    // 3 × 20 s + 60 s = 2 min.
    expect(minutesToAnswer(questions)).toBe(2);
    // PHARE: 9 choice questions × 20 s + 1 text × 60 s = 240 s = 4 min.
    expect(minutesToAnswer(STUDY_TEMPLATES.phare.questions)).toBe(4);
  });

  it('names the required questions left unanswered, in order, in French', () => {
    const check = checkAnswers(questions, answerValues(questions), french);
    expect(check).toEqual({
      ok: false,
      errors: [
        { key: 'duty', label: 'Devoir d’alliances', message: 'Choisissez une réponse.' },
        { key: 'issues', label: 'Enjeux', message: 'Choisissez au moins une réponse.' },
      ],
    });
  });

  it('refuses too many choices, a value off the scale, a text too long', () => {
    const check = checkAnswers(
      questions,
      { duty: 'agree', issues: ['a', 'b', 'c'], trust: '6', comment: 'x'.repeat(11) },
      french,
    );
    expect(check.ok ? [] : check.errors.map((error) => error.message)).toEqual([
      'Choisissez 2 réponses au plus.',
      'Choisissez une valeur entre 1 et 5.',
      'Votre réponse dépasse 10 caractères.',
    ]);
  });

  it('sends the answers given, the scale as a number, optional ones left out', () => {
    expect(checkAnswers(questions, { duty: 'disagree', issues: ['c', 'a'], trust: '', comment: '  ' }, french)).toEqual(
      {
        ok: true,
        answers: { duty: 'disagree', issues: ['c', 'a'] },
      },
    );
    expect(checkAnswers(questions, { duty: 'agree', issues: ['b'], trust: '4', comment: ' Bravo ' }, french)).toEqual({
      ok: true,
      answers: { duty: 'agree', issues: ['b'], trust: 4, comment: 'Bravo' },
    });
  });
});
