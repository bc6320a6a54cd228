/**
 * The public answer page's values (one entry per question: the option ticked, the options
 * ticked, the scale's value as text, or the text typed) checked with the API's rules (required
 * questions, known options, most choices, the scale's range, the text's length) and mapped to
 * the body of `POST /study-answers/{token}`: unanswered optional questions are left out.
 * Plain TypeScript: unit-tested.
 */
import type { StudyQuestion } from '@maillage/contract';

export type Translate = (key: string, options?: Record<string, unknown>) => string;

export type AnswerValue = string | string[];
export type AnswerValues = Record<string, AnswerValue>;
export type AnswerBody = Record<string, string | string[] | number>;

export type AnswerCheck =
  { ok: true; answers: AnswerBody } | { ok: false; errors: { key: string; label: string; message: string }[] };

/** The empty form: no option ticked, nothing typed. */
export function answerValues(questions: readonly StudyQuestion[]): AnswerValues {
  return Object.fromEntries(questions.map((question) => [question.key, question.kind === 'multiple' ? [] : '']));
}

/** The estimated time to answer, in minutes (about twenty seconds a question, a free text a minute). */
export function minutesToAnswer(questions: readonly StudyQuestion[]): number {
  const seconds = questions.reduce((sum, question) => sum + (question.kind === 'text' ? 60 : 20), 0);
  return Math.max(1, Math.ceil(seconds / 60));
}

/** Checks the answers in the questions' order: the errors as the summary lists them, or the body. */
export function checkAnswers(questions: readonly StudyQuestion[], values: AnswerValues, t: Translate): AnswerCheck {
  const errors: { key: string; label: string; message: string }[] = [];
  const answers: AnswerBody = {};
  for (const question of questions) {
    const fail = (message: string, options?: Record<string, unknown>) =>
      errors.push({ key: question.key, label: question.label, message: t(message, options) });
    const value = values[question.key];
    switch (question.kind) {
      case 'single': {
        const chosen = typeof value === 'string' ? value : '';
        if (!chosen) {
          if (question.required) fail('studies:answer.errors.choose');
        } else if (!question.options.some((option) => option.key === chosen)) fail('studies:answer.errors.choose');
        else answers[question.key] = chosen;
        break;
      }
      case 'multiple': {
        const chosen = Array.isArray(value) ? value.filter((key) => question.options.some((o) => o.key === key)) : [];
        if (chosen.length === 0) {
          if (question.required) fail('studies:answer.errors.chooseSome');
        } else if (question.maxChoices && chosen.length > question.maxChoices)
          fail('studies:answer.errors.tooManyChoices', { count: question.maxChoices });
        else answers[question.key] = chosen;
        break;
      }
      case 'scale': {
        const text = typeof value === 'string' ? value.trim() : '';
        if (!text) {
          if (question.required) fail('studies:answer.errors.scale', { min: question.min, max: question.max });
          break;
        }
        const number = Number(text);
        if (!Number.isInteger(number) || number < question.min || number > question.max)
          fail('studies:answer.errors.scale', { min: question.min, max: question.max });
        else answers[question.key] = number;
        break;
      }
      case 'text': {
        const text = typeof value === 'string' ? value.trim() : '';
        if (!text) {
          if (question.required) fail('studies:answer.errors.text');
        } else if (text.length > question.maxLength)
          fail('studies:answer.errors.textLength', { count: question.maxLength });
        else answers[question.key] = text;
        break;
      }
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, answers };
}
