import { describe, expect, it } from '@jest/globals';
import { FRAGILITIES, STUDY_TEMPLATES } from '@maillage/contract';
import { chartData, optionRows, priorityCandidates, scaleRows, shownPrisms } from './results-model';
import type { QuestionResult } from './types';

/** Duty of alliances: 6 associations (4 agree, 2 disagree), 2 companies (suppressed), `all` suppressed as well. */
const duty: QuestionResult = {
  key: 'duty_of_alliances',
  label: 'Devoir d’alliances',
  kind: 'single',
  byPrism: {
    association: {
      respondents: 6,
      suppressed: false,
      options: [
        { key: 'agree', label: 'Plutôt d’accord', count: 4, percent: 66.7 },
        { key: 'disagree', label: 'Plutôt pas d’accord', count: 2, percent: 33.3 },
      ],
    },
    company: {
      respondents: null,
      suppressed: true,
      options: [
        { key: 'agree', label: 'Plutôt d’accord', count: null, percent: null },
        { key: 'disagree', label: 'Plutôt pas d’accord', count: null, percent: null },
      ],
    },
  },
  all: { respondents: null, suppressed: true },
};

describe('the results tables', () => {
  it('puts the prisms side by side, a suppressed prism and a prism nobody answered in told apart', () => {
    const rows = optionRows(duty, ['association', 'company', 'inhabitant', 'all']);
    expect(rows.map((row) => row.label)).toEqual(['Plutôt d’accord', 'Plutôt pas d’accord']);
    expect(rows[0]!.cells).toEqual({
      association: { count: 4, percent: 66.7, suppressed: false },
      company: { count: null, percent: null, suppressed: true },
      inhabitant: { count: 0, percent: null, suppressed: false },
      all: { count: null, percent: null, suppressed: true },
    });
    expect(shownPrisms(duty, ['association', 'company', 'inhabitant'])).toEqual(['association']);
    expect(chartData(rows, ['association'])).toEqual([
      { label: 'Plutôt d’accord', association: 66.7 },
      { label: 'Plutôt pas d’accord', association: 33.3 },
    ]);
  });

  it('reads a scale by value, with each value’s share of the respondents', () => {
    const scale: QuestionResult = {
      key: 'satisfaction',
      label: 'Satisfaction',
      kind: 'scale',
      byPrism: {
        association: {
          respondents: 8,
          suppressed: false,
          mean: 3.5,
          distribution: [
            { value: 5, count: 2 },
            { value: 2, count: 3 },
            { value: 4, count: 3 },
          ],
        },
      },
      all: { respondents: 8, suppressed: false, mean: 3.5, distribution: [{ value: 2, count: 3 }] },
    };
    const rows = scaleRows(scale, ['association', 'all']);
    expect(rows.map((row) => row.key)).toEqual(['2', '4', '5']);
    // 3 of 8 = 37.5 %, 2 of 8 = 25 %; `all` lacks the value 5: zero, not masked.
    expect(rows[0]!.cells.association).toEqual({ count: 3, percent: 37.5, suppressed: false });
    expect(rows[2]!.cells.association).toEqual({ count: 2, percent: 25, suppressed: false });
    expect(rows[2]!.cells.all).toEqual({ count: 0, percent: 0, suppressed: false });
  });

  it('offers the fragility and priority options as enjeux, with the share of all respondents when shown', () => {
    const issues: QuestionResult = {
      key: 'priority_issues',
      label: 'Enjeux prioritaires',
      kind: 'multiple',
      byPrism: {},
      all: {
        respondents: 10,
        suppressed: false,
        options: [{ key: 'housing', label: 'Le logement', count: 7, percent: 70 }],
      },
    };
    const candidates = priorityCandidates(STUDY_TEMPLATES.phare.questions, [issues]);
    // The four perceived fragilities, then the ten priority issues; no other PHARE option carries a fragility.
    expect(candidates.map((candidate) => candidate.optionKey)).toEqual([
      ...FRAGILITIES,
      'employment',
      'local_economy',
      'isolation',
      'health_ageing',
      'housing',
      'ecological_transition',
      'mobility',
      'education_youth',
      'social_cohesion',
      'digital_inclusion',
    ]);
    expect(candidates.find((candidate) => candidate.optionKey === 'housing')).toMatchObject({
      questionKey: 'priority_issues',
      fragility: 'social',
      shares: [{ column: 'all', percent: 70 }],
    });
    // Nobody chose « mobility »: 0 % of all, not masked.
    expect(candidates.find((candidate) => candidate.optionKey === 'mobility')?.shares).toEqual([
      { column: 'all', percent: 0 },
    ]);
    // No result for the question: no share.
    expect(candidates.find((candidate) => candidate.optionKey === 'economic')?.shares).toEqual([]);
  });

  it('gives each shown prism’s share when the whole is masked', () => {
    const fragilities: QuestionResult = {
      key: 'perceived_fragilities',
      label: 'Fragilités',
      kind: 'multiple',
      byPrism: {
        association: { respondents: null, suppressed: true },
        inhabitant: {
          respondents: 6,
          suppressed: false,
          options: [{ key: 'social', label: 'Sociales', count: 3, percent: 50 }],
        },
      },
      all: { respondents: null, suppressed: true },
    };
    const candidates = priorityCandidates(STUDY_TEMPLATES.phare.questions, [fragilities]);
    expect(candidates.find((candidate) => candidate.optionKey === 'social')?.shares).toEqual([
      { column: 'inhabitant', percent: 50 },
    ]);
    expect(candidates.find((candidate) => candidate.optionKey === 'economic')?.shares).toEqual([
      { column: 'inhabitant', percent: 0 },
    ]);
  });
});
