import { describe, expect, it } from '@jest/globals';
import type { StudyPrism, StudyQuestion, StudyQuestionKind } from '@maillage/contract';
import { percentOf, studyResults, type StoredAnswer } from './results.js';

const QUESTIONS: StudyQuestion[] = [
  {
    key: 'q1',
    kind: 'single',
    label: 'Oui ou non ?',
    required: true,
    options: [
      { key: 'yes', label: 'Oui' },
      { key: 'no', label: 'Non' },
    ],
  },
  {
    key: 'q2',
    kind: 'multiple',
    label: 'Lesquels ?',
    required: false,
    options: [
      { key: 'a', label: 'A' },
      { key: 'b', label: 'B' },
      { key: 'c', label: 'C' },
    ],
  },
  { key: 'q3', kind: 'scale', label: 'Note', required: false, min: 1, max: 4, minLabel: '', maxLabel: '' },
  { key: 'q4', kind: 'text', label: 'Un mot', required: false, maxLength: 100 },
];

/** Version 1 asked q2 as a single choice (and q1 had a « maybe » option since removed). */
const KINDS = new Map<number, Map<string, StudyQuestionKind>>([
  [
    1,
    new Map<string, StudyQuestionKind>([
      ['q1', 'single'],
      ['q2', 'single'],
      ['q3', 'scale'],
      ['q4', 'text'],
    ]),
  ],
  [
    2,
    new Map<string, StudyQuestionKind>([
      ['q1', 'single'],
      ['q2', 'multiple'],
      ['q3', 'scale'],
      ['q4', 'text'],
    ]),
  ],
]);

/** Respondents: r1–r4 associations (r1, r2 on version 1), r5 a company, r6–r7 inhabitants. */
const RESPONDENTS: Record<string, { prism: StudyPrism; version: number }> = {
  r1: { prism: 'association', version: 1 },
  r2: { prism: 'association', version: 1 },
  r3: { prism: 'association', version: 2 },
  r4: { prism: 'association', version: 2 },
  r5: { prism: 'company', version: 2 },
  r6: { prism: 'inhabitant', version: 2 },
  r7: { prism: 'inhabitant', version: 2 },
};

const answer = (responseId: string, questionKey: string, value: string[] | number | string): StoredAnswer => ({
  responseId,
  versionNumber: RESPONDENTS[responseId]?.version ?? 0,
  prism: RESPONDENTS[responseId]?.prism ?? 'association',
  questionKey,
  optionKeys: Array.isArray(value) ? value : null,
  scaleValue: typeof value === 'number' ? value : null,
  textValue: typeof value === 'string' ? value : null,
});

const ANSWERS: StoredAnswer[] = [
  answer('r1', 'q1', ['maybe']),
  answer('r2', 'q1', ['yes']),
  answer('r3', 'q1', ['no']),
  answer('r4', 'q1', ['yes']),
  answer('r5', 'q1', ['no']),
  answer('r6', 'q1', ['yes']),
  answer('r7', 'q1', ['no']),
  answer('r1', 'q2', ['a']),
  answer('r3', 'q2', ['a', 'b']),
  answer('r4', 'q2', ['b']),
  answer('r5', 'q2', ['c']),
  answer('r6', 'q2', ['a']),
  answer('r7', 'q2', ['a', 'c']),
  answer('r1', 'q3', 4),
  answer('r2', 'q3', 3),
  answer('r3', 'q3', 4),
  answer('r4', 'q3', 1),
  answer('r5', 'q3', 2),
  answer('r1', 'q4', 'Alpha'),
  answer('r3', 'q4', 'Gamma'),
  answer('r4', 'q4', 'Delta'),
  answer('r6', 'q4', 'Epsilon'),
];

const responses = Object.values(RESPONDENTS).map(({ prism }) => ({ prism }));
const HIDDEN = { respondents: null, suppressed: true };
const pairs = (options: { key: string; count: number | null; percent: number | null }[] | undefined) =>
  Object.fromEntries((options ?? []).map((option) => [option.key, [option.count, option.percent]]));

describe('percentOf', () => {
  it.each([
    [1, 3, 33.3],
    [2, 3, 66.7],
    [1, 8, 12.5],
    [1, 6, 16.7],
    [3, 7, 42.9],
    [0, 4, 0],
    [4, 4, 100],
  ])('%i of %i is %d %%', (count, total, percent) => {
    expect(percentOf(count, total)).toBe(percent);
  });
});

describe('studyResults (threshold 3)', () => {
  const results = studyResults(QUESTIONS, KINDS, responses, ANSWERS, 3);
  const question = (key: string) => results.questions.find((q) => q.key === key);

  it('counts responses by prism, under the threshold hidden (two prisms hidden: the total is shown)', () => {
    expect(results.threshold).toBe(3);
    expect(results.responses).toEqual({
      total: 7,
      byPrism: { association: 4, company: null, public_body: null, inhabitant: null },
    });
  });

  it('reads a single choice across versions by option key (a removed option counts the respondent only)', () => {
    const q1 = question('q1');
    expect(q1?.byPrism.association).toMatchObject({ respondents: 4, suppressed: false });
    expect(pairs(q1?.byPrism.association.options)).toEqual({ yes: [2, 50], no: [1, 25] });
    expect(q1?.byPrism.company).toEqual({
      ...HIDDEN,
      options: [
        { key: 'yes', label: 'Oui', count: null, percent: null },
        { key: 'no', label: 'Non', count: null, percent: null },
      ],
    });
    expect(q1?.byPrism.public_body).toMatchObject(HIDDEN);
    expect(q1?.byPrism.inhabitant).toMatchObject(HIDDEN);
    // Two prisms with answers hidden: neither can be deduced from `all`.
    expect(q1?.all).toMatchObject({ respondents: 7, suppressed: false });
    expect(pairs(q1?.all.options)).toEqual({ yes: [3, 42.9], no: [3, 42.9] });
  });

  it('leaves out answers given to a question of another kind in an earlier version', () => {
    const q2 = question('q2');
    // r1 answered q2 as a single choice in version 1: not counted. Associations: r3 and r4 only.
    expect(q2?.byPrism.association).toMatchObject(HIDDEN);
    expect(q2?.all).toMatchObject({ respondents: 5, suppressed: false });
    expect(pairs(q2?.all.options)).toEqual({ a: [3, 60], b: [2, 40], c: [2, 40] });
  });

  it('hides `all` when exactly one prism with answers is hidden (it would be the difference)', () => {
    const q3 = question('q3');
    expect(q3?.byPrism.association).toEqual({
      respondents: 4,
      suppressed: false,
      mean: 3,
      distribution: [
        { value: 1, count: 1 },
        { value: 2, count: 0 },
        { value: 3, count: 1 },
        { value: 4, count: 2 },
      ],
    });
    expect(q3?.byPrism.company).toMatchObject({ ...HIDDEN, mean: null });
    expect(q3?.all).toEqual({
      ...HIDDEN,
      mean: null,
      distribution: [1, 2, 3, 4].map((value) => ({ value, count: null })),
    });
  });

  it('gives free texts of shown prisms only, in an order that does not follow the answers’ order', () => {
    const q4 = question('q4');
    expect([...(q4?.byPrism.association.texts ?? [])].sort()).toEqual(['Alpha', 'Delta', 'Gamma']);
    expect(q4?.byPrism.inhabitant).toEqual({ ...HIDDEN, texts: [] });
    expect(q4?.all).toEqual({ ...HIDDEN, texts: [] });
    const reversed = studyResults(QUESTIONS, KINDS, responses, [...ANSWERS].reverse(), 3);
    expect(reversed.questions.find((q) => q.key === 'q4')?.byPrism.association.texts).toEqual(
      q4?.byPrism.association.texts,
    );
  });

  it('hides the total of responses when exactly one prism with responses is hidden', () => {
    const two = studyResults(
      QUESTIONS,
      KINDS,
      [...responses.slice(0, 5)],
      ANSWERS.filter((row) => row.prism !== 'inhabitant'),
      3,
    );
    // Associations 4 shown, the company's 1 hidden: the total 5 would give it away.
    expect(two.responses).toEqual({
      total: null,
      byPrism: { association: 4, company: null, public_body: null, inhabitant: null },
    });
    expect(two.questions.find((q) => q.key === 'q1')?.all).toMatchObject(HIDDEN);
  });

  it('shows everything at threshold 1, and nothing under a threshold above every count', () => {
    const open = studyResults(QUESTIONS, KINDS, responses, ANSWERS, 1);
    expect(pairs(open.questions[0]?.byPrism.inhabitant.options)).toEqual({ yes: [1, 50], no: [1, 50] });
    expect(open.questions[3]?.all.texts).toHaveLength(4);
    const closed = studyResults(QUESTIONS, KINDS, responses, ANSWERS, 8);
    expect(closed.responses.total).toBe(7);
    expect(closed.questions.every((q) => q.all.suppressed && Object.values(q.byPrism).every((p) => p.suppressed))).toBe(
      true,
    );
  });
});
