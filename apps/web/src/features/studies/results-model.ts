/**
 * The results page's tables and charts, read from the API's results: one column per prism of
 * the study and one for all of them, a suppressed prism's cells empty (never zero), and the
 * options that can become enjeux (those standing for a fragility). Plain TypeScript: unit-tested.
 */
import type { Fragility, StudyPrism, StudyQuestion } from '@maillage/contract';
import type { PrismResult, QuestionResult } from './types';

/** A column of a question's table: a prism, or all respondents. */
export type Column = StudyPrism | 'all';

export interface Cell {
  count: number | null;
  percent: number | null;
  suppressed: boolean;
}

export interface OptionRow {
  key: string;
  label: string;
  cells: Record<string, Cell>;
}

/** The result of one column of a question (a prism nobody answered in reads as no respondent). */
export function columnResult(question: QuestionResult, column: Column): PrismResult {
  if (column === 'all') return question.all;
  return question.byPrism[column] ?? { respondents: 0, suppressed: false };
}

/** A choice question's rows: each option, its count and percent in every column. */
export function optionRows(question: QuestionResult, columns: readonly Column[]): OptionRow[] {
  const labels = new Map<string, string>();
  for (const column of columns)
    for (const option of columnResult(question, column).options ?? []) labels.set(option.key, option.label);
  return [...labels].map(([key, label]) => ({
    key,
    label,
    cells: Object.fromEntries(
      columns.map((column) => {
        const result = columnResult(question, column);
        const option = result.options?.find((item) => item.key === key);
        return [
          column,
          result.suppressed
            ? { count: null, percent: null, suppressed: true }
            : { count: option?.count ?? 0, percent: option?.percent ?? null, suppressed: false },
        ];
      }),
    ),
  }));
}

/** A scale question's rows: each value of the scale, its count in every column. */
export function scaleRows(question: QuestionResult, columns: readonly Column[]): OptionRow[] {
  const values = new Set<number>();
  for (const column of columns)
    for (const step of columnResult(question, column).distribution ?? []) values.add(step.value);
  return [...values]
    .sort((a, b) => a - b)
    .map((value) => ({
      key: String(value),
      label: String(value),
      cells: Object.fromEntries(
        columns.map((column) => {
          const result = columnResult(question, column);
          const step = result.distribution?.find((item) => item.value === value);
          const count = result.suppressed ? null : (step?.count ?? 0);
          const respondents = result.respondents;
          return [
            column,
            {
              count,
              percent: count !== null && respondents ? Math.round((count / respondents) * 1000) / 10 : null,
              suppressed: result.suppressed,
            },
          ];
        }),
      ),
    }));
}

/** The chart's data: one row per option, the percent of each prism that is shown (suppressed ones left out). */
export function chartData(
  rows: readonly OptionRow[],
  prisms: readonly StudyPrism[],
): Record<string, string | number | null>[] {
  return rows.map((row) => ({
    label: row.label,
    ...Object.fromEntries(prisms.map((prism) => [prism, row.cells[prism]?.percent ?? null])),
  }));
}

/** The prisms drawn in a question's chart: those with a result shown. */
export function shownPrisms(question: QuestionResult, prisms: readonly StudyPrism[]): StudyPrism[] {
  return prisms.filter((prism) => {
    const result = question.byPrism[prism];
    return result !== undefined && !result.suppressed && (result.respondents ?? 0) > 0;
  });
}

export interface PriorityCandidate {
  questionKey: string;
  questionLabel: string;
  optionKey: string;
  label: string;
  fragility: Fragility;
  /**
   * The share of the respondents who chose it: of all of them when that is shown, otherwise of
   * each prism that is shown (none when every figure is masked).
   */
  shares: { column: Column; percent: number }[];
}

/** The shares of an option worth showing: all respondents', or else each shown prism's. */
function optionShares(result: QuestionResult | undefined, optionKey: string): { column: Column; percent: number }[] {
  if (!result) return [];
  const share = (column: Column) => {
    const value = columnResult(result, column);
    if (value.suppressed || !value.respondents) return [];
    const percent = value.options?.find((item) => item.key === optionKey)?.percent ?? 0;
    return [{ column, percent }];
  };
  const all = share('all');
  if (all.length > 0) return all;
  return (Object.keys(result.byPrism) as StudyPrism[]).flatMap(share);
}

/**
 * The options results can turn into enjeux: those carrying a fragility, in the questionnaire's
 * order, each with the shares of the respondents who chose it that are shown.
 */
export function priorityCandidates(
  questions: readonly StudyQuestion[],
  results: readonly QuestionResult[],
): PriorityCandidate[] {
  return questions.flatMap((question) => {
    if (question.kind !== 'single' && question.kind !== 'multiple') return [];
    const result = results.find((item) => item.key === question.key);
    return question.options.flatMap((option) =>
      option.fragility
        ? [
            {
              questionKey: question.key,
              questionLabel: question.label,
              optionKey: option.key,
              label: option.label,
              fragility: option.fragility,
              shares: optionShares(result, option.key),
            },
          ]
        : [],
    );
  });
}
