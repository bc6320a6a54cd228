import { createHash } from 'node:crypto';
import { STUDY_PRISMS, type StudyPrism, type StudyQuestion, type StudyQuestionKind } from '@maillage/contract';

/** One respondent's answer to one question, as stored (no link to who answered). */
export interface StoredAnswer {
  responseId: string;
  /** The questionnaire version the response answered. */
  versionNumber: number;
  prism: StudyPrism;
  questionKey: string;
  optionKeys: string[] | null;
  scaleValue: number | null;
  textValue: string | null;
}

export interface OptionResult {
  key: string;
  label: string;
  count: number | null;
  percent: number | null;
}

export interface PrismResult {
  respondents: number | null;
  suppressed: boolean;
  options?: OptionResult[];
  mean?: number | null;
  distribution?: { value: number; count: number | null }[];
  texts?: string[];
}

export interface QuestionResult {
  key: string;
  label: string;
  kind: StudyQuestionKind;
  byPrism: Record<StudyPrism, PrismResult>;
  all: PrismResult;
}

export interface StudyResults {
  threshold: number;
  responses: { total: number | null; byPrism: Record<StudyPrism, number | null> };
  questions: QuestionResult[];
}

/** A share in percent, to one decimal. */
export const percentOf = (count: number, total: number): number => Math.round((count / total) * 1000) / 10;

/**
 * Whether `all` must be hidden: under the threshold itself, or when exactly one prism that has
 * answers is suppressed — then `all` minus the prisms shown would give it away (complementary
 * suppression; with two or more suppressed prisms only their sum could be deduced).
 */
function allSuppressed(counts: number[], total: number, threshold: number): boolean {
  const hidden = counts.filter((count) => count > 0 && count < threshold).length;
  return total < threshold || hidden === 1;
}

/** A stable order that is not the order of submission: by a hash of the response and question. */
function shuffled(rows: StoredAnswer[]): string[] {
  const rank = (row: StoredAnswer) => createHash('sha256').update(`${row.responseId}:${row.questionKey}`).digest('hex');
  return rows
    .map((row) => ({ text: row.textValue ?? '', rank: rank(row) }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
    .map((row) => row.text);
}

function figures(question: StudyQuestion, rows: StoredAnswer[], suppressed: boolean, texts: string[]): PrismResult {
  const respondents = rows.length;
  const hide = <T>(value: T): T | null => (suppressed ? null : value);
  const result: PrismResult = { respondents: hide(respondents), suppressed };
  switch (question.kind) {
    case 'single':
    case 'multiple':
      result.options = question.options.map((option) => {
        const count = rows.filter((row) => row.optionKeys?.includes(option.key)).length;
        return {
          key: option.key,
          label: option.label,
          count: hide(count),
          percent: suppressed || respondents === 0 ? null : percentOf(count, respondents),
        };
      });
      break;
    case 'scale': {
      const values = rows.map((row) => row.scaleValue ?? 0);
      result.mean =
        suppressed || respondents === 0
          ? null
          : Math.round((values.reduce((sum, value) => sum + value, 0) / respondents) * 10) / 10;
      result.distribution = [];
      for (let value = question.min; value <= question.max; value += 1)
        result.distribution.push({ value, count: hide(values.filter((v) => v === value).length) });
      break;
    }
    case 'text':
      result.texts = suppressed ? [] : texts;
      break;
  }
  return result;
}

/**
 * The regard croisé of a study: for each question of the current version, the figures of each
 * prism and of all prisms together. Answers to earlier versions count under a question's key
 * when that version asked it with the same kind (options matched by key). A prism with fewer
 * respondents to a question than `threshold` is suppressed entirely (numbers null, no texts);
 * `all` follows `allSuppressed`. Free texts come only from unsuppressed prisms, in a stable
 * order that is not the order of submission.
 */
export function studyResults(
  questions: readonly StudyQuestion[],
  kindsByVersion: ReadonlyMap<number, ReadonlyMap<string, StudyQuestionKind>>,
  responses: readonly { prism: StudyPrism }[],
  answers: readonly StoredAnswer[],
  threshold: number,
): StudyResults {
  const responseCounts = STUDY_PRISMS.map((prism) => responses.filter((row) => row.prism === prism).length);
  const responsesByPrism = Object.fromEntries(
    STUDY_PRISMS.map((prism, index) => [
      prism,
      (responseCounts[index] ?? 0) < threshold ? null : (responseCounts[index] ?? 0),
    ]),
  ) as Record<StudyPrism, number | null>;
  const hiddenResponses = responseCounts.filter((count) => count > 0 && count < threshold).length;

  const results = questions.map((question): QuestionResult => {
    const rows = answers.filter(
      (row) =>
        row.questionKey === question.key && kindsByVersion.get(row.versionNumber)?.get(question.key) === question.kind,
    );
    const byPrismRows = STUDY_PRISMS.map((prism) => rows.filter((row) => row.prism === prism));
    const counts = byPrismRows.map((prismRows) => prismRows.length);
    const shown = STUDY_PRISMS.filter((_prism, index) => (counts[index] ?? 0) >= threshold);
    const byPrism = Object.fromEntries(
      STUDY_PRISMS.map((prism, index) => {
        const prismRows = byPrismRows[index] ?? [];
        const suppressed = prismRows.length < threshold;
        return [prism, figures(question, prismRows, suppressed, suppressed ? [] : shuffled(prismRows))];
      }),
    ) as Record<StudyPrism, PrismResult>;
    const allHidden = allSuppressed(counts, rows.length, threshold);
    const textsShown = shuffled(rows.filter((row) => shown.includes(row.prism)));
    return {
      key: question.key,
      label: question.label,
      kind: question.kind,
      byPrism,
      all: figures(question, rows, allHidden, allHidden ? [] : textsShown),
    };
  });
  return {
    threshold,
    responses: { total: hiddenResponses === 1 ? null : responses.length, byPrism: responsesByPrism },
    questions: results,
  };
}
