/**
 * The questionnaire editor's values (strings, booleans and lists, as the inputs hold them) and
 * their schema, which checks them with the API's rules (`STUDY_LIMITS`: kinds, labels, options,
 * scales, choices) and maps them to the body of `PATCH …/studies/{studyId}`. A new question
 * has no key: the API gives it one. A new option gets a key made from its label, unique in its
 * question. Plain TypeScript: unit-tested.
 */
import {
  FRAGILITIES,
  STUDY_LIMITS,
  STUDY_PRISMS,
  STUDY_QUESTION_KINDS,
  type StudyPrism,
  type StudyQuestion,
  type StudyQuestionKind,
} from '@maillage/contract';
import { z } from 'zod';
import type { Schemas } from '../../api/client';

export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** A question as the API gives it (the shared contract's shape). */
export type Question = StudyQuestion;

/** A question of the body: a new one has no key yet. */
export type QuestionBody = Schemas['StudyQuestionInputDto'];

export type QuestionnaireBody = Required<Schemas['UpdateStudyDto']>;

const KEY = /^[a-z][a-z0-9_]{0,99}$/;

const optionValues = z.object({
  key: z.string(),
  label: z.string(),
  fragility: z.union([z.enum(FRAGILITIES), z.literal('')]),
});

const questionValues = z.object({
  key: z.string(),
  kind: z.enum(STUDY_QUESTION_KINDS),
  label: z.string(),
  help: z.string(),
  required: z.boolean(),
  prisms: z.array(z.enum(STUDY_PRISMS)),
  options: z.array(optionValues),
  maxChoices: z.string(),
  min: z.string(),
  max: z.string(),
  minLabel: z.string(),
  maxLabel: z.string(),
  maxLength: z.string(),
});

export type QuestionValues = z.input<typeof questionValues>;
export type OptionValues = z.input<typeof optionValues>;
export type QuestionnaireValues = z.input<ReturnType<typeof questionnaireSchema>>;

/** A new question of a kind, as the editor adds it. */
export function newQuestion(kind: StudyQuestionKind): QuestionValues {
  return {
    key: '',
    kind,
    label: '',
    help: '',
    required: false,
    prisms: [],
    options: kind === 'single' || kind === 'multiple' ? [newOption(), newOption()] : [],
    maxChoices: '',
    min: '1',
    max: '5',
    minLabel: '',
    maxLabel: '',
    maxLength: String(STUDY_LIMITS.textAnswerLength),
  };
}

export const newOption = (): OptionValues => ({ key: '', label: '', fragility: '' });

/** The editor's values of a study's current questionnaire. */
export function questionnaireValues(study: {
  title: string;
  description: string;
  prisms: readonly StudyPrism[];
  questions: readonly Question[];
}): QuestionnaireValues {
  return {
    title: study.title,
    description: study.description,
    prisms: [...study.prisms],
    questions: study.questions.map((question) => ({
      ...newQuestion(question.kind),
      key: question.key,
      label: question.label,
      help: question.help ?? '',
      required: question.required,
      prisms: [...(question.prisms ?? [])],
      options:
        question.kind === 'single' || question.kind === 'multiple'
          ? question.options.map((option) => ({
              key: option.key,
              label: option.label,
              fragility: option.fragility ?? '',
            }))
          : [],
      maxChoices: question.kind === 'multiple' && question.maxChoices ? String(question.maxChoices) : '',
      min: question.kind === 'scale' ? String(question.min) : '1',
      max: question.kind === 'scale' ? String(question.max) : '5',
      minLabel: question.kind === 'scale' ? question.minLabel : '',
      maxLabel: question.kind === 'scale' ? question.maxLabel : '',
      maxLength: question.kind === 'text' ? String(question.maxLength) : String(STUDY_LIMITS.textAnswerLength),
    })),
  };
}

/** A key for a new option from its label (accents dropped, lower case, `_` between words). */
export function optionKey(label: string, taken: ReadonlySet<string>): string {
  const base =
    label
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^[^a-z]+|_+$/g, '')
      .slice(0, 40) || 'option';
  let key = base;
  for (let n = 2; taken.has(key); n += 1) key = `${base}_${n}`;
  return key;
}

const integer = (value: string): number | null => (/^\s*-?\d+\s*$/.test(value) ? Number(value) : null);

export function questionnaireSchema(t: Translate) {
  return z
    .object({
      title: z.string(),
      description: z.string(),
      prisms: z.array(z.enum(STUDY_PRISMS)),
      questions: z.array(questionValues),
    })
    .superRefine((values, ctx) => {
      const problem = (path: (string | number)[], key: string, options?: Record<string, unknown>) =>
        ctx.addIssue({ code: 'custom', path, message: t(key, options) });
      if (!values.title.trim()) problem(['title'], 'studies:editor.errors.title');
      if (values.prisms.length === 0) problem(['prisms'], 'studies:editor.errors.prisms');
      if (values.questions.length === 0) problem(['questions'], 'studies:editor.errors.noQuestion');
      if (values.questions.length > STUDY_LIMITS.questions)
        problem(['questions'], 'studies:editor.errors.tooManyQuestions', { max: STUDY_LIMITS.questions });
      values.questions.forEach((question, index) => {
        const at = (...rest: (string | number)[]) => ['questions', index, ...rest];
        const label = question.label.trim();
        if (!label) problem(at('label'), 'studies:editor.errors.label');
        else if (label.length > STUDY_LIMITS.labelLength)
          problem(at('label'), 'studies:editor.errors.tooLong', { max: STUDY_LIMITS.labelLength });
        if (question.help.trim().length > STUDY_LIMITS.helpLength)
          problem(at('help'), 'studies:editor.errors.tooLong', { max: STUDY_LIMITS.helpLength });
        if (question.kind === 'single' || question.kind === 'multiple') {
          if (question.options.length < 2) problem(at('options'), 'studies:editor.errors.fewOptions');
          if (question.options.length > STUDY_LIMITS.options)
            problem(at('options'), 'studies:editor.errors.tooManyOptions', { max: STUDY_LIMITS.options });
          const seen = new Set<string>();
          question.options.forEach((option, position) => {
            const text = option.label.trim();
            if (!text) problem(at('options', position, 'label'), 'studies:editor.errors.optionLabel');
            else if (text.length > STUDY_LIMITS.optionLabelLength)
              problem(at('options', position, 'label'), 'studies:editor.errors.tooLong', {
                max: STUDY_LIMITS.optionLabelLength,
              });
            else if (seen.has(text.toLocaleLowerCase('fr')))
              problem(at('options', position, 'label'), 'studies:editor.errors.optionTwice');
            seen.add(text.toLocaleLowerCase('fr'));
          });
        }
        if (question.kind === 'multiple' && question.maxChoices.trim()) {
          const most = integer(question.maxChoices);
          if (most === null || most < 1 || most > question.options.length)
            problem(at('maxChoices'), 'studies:editor.errors.maxChoices', { max: question.options.length });
        }
        if (question.kind === 'scale') {
          const min = integer(question.min);
          const max = integer(question.max);
          if (min === null || max === null || min < 0 || min >= max || max > STUDY_LIMITS.scaleMax)
            problem(at('max'), 'studies:editor.errors.scale', { max: STUDY_LIMITS.scaleMax });
          if (!question.minLabel.trim()) problem(at('minLabel'), 'studies:editor.errors.scaleLabel');
          if (!question.maxLabel.trim()) problem(at('maxLabel'), 'studies:editor.errors.scaleLabel');
        }
        if (question.kind === 'text') {
          const most = integer(question.maxLength);
          if (most === null || most < 1 || most > STUDY_LIMITS.textAnswerLength)
            problem(at('maxLength'), 'studies:editor.errors.maxLength', { max: STUDY_LIMITS.textAnswerLength });
        }
      });
    })
    .transform((values): QuestionnaireBody => ({
      title: values.title.trim(),
      description: values.description.trim(),
      prisms: values.prisms,
      questions: values.questions.map(questionBody),
    }));
}

function questionBody(values: QuestionValues): QuestionBody {
  const common = {
    ...(values.key ? { key: values.key } : {}),
    label: values.label.trim(),
    ...(values.help.trim() ? { help: values.help.trim() } : {}),
    required: values.required,
    ...(values.prisms.length > 0 ? { prisms: values.prisms } : {}),
  };
  switch (values.kind) {
    case 'single':
      return { ...common, kind: 'single', options: options(values.options) };
    case 'multiple':
      return {
        ...common,
        kind: 'multiple',
        options: options(values.options),
        ...(values.maxChoices.trim() ? { maxChoices: Number(values.maxChoices) } : {}),
      };
    case 'scale':
      return {
        ...common,
        kind: 'scale',
        min: Number(values.min),
        max: Number(values.max),
        minLabel: values.minLabel.trim(),
        maxLabel: values.maxLabel.trim(),
      };
    case 'text':
      return { ...common, kind: 'text', maxLength: Number(values.maxLength) };
  }
}

/** The options of the body: kept keys stay, new options get one from their label. */
function options(values: readonly OptionValues[]): Schemas['StudyOptionInputDto'][] {
  const taken = new Set(values.map((option) => option.key).filter((key) => KEY.test(key)));
  return values.map((option) => {
    let key = option.key;
    if (!KEY.test(key)) {
      key = optionKey(option.label, taken);
      taken.add(key);
    }
    return { key, label: option.label.trim(), ...(option.fragility ? { fragility: option.fragility } : {}) };
  });
}
