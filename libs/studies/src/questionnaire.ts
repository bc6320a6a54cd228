import {
  FRAGILITIES,
  STUDY_LIMITS,
  STUDY_PRISMS,
  STUDY_QUESTION_KINDS,
  type Fragility,
  type StudyOption,
  type StudyPrism,
  type StudyQuestion,
} from '@maillage/contract';
import { DomainError, type FieldProblem } from '@maillage/platform';
import './study-errors.js';

/** A question as a coordinator sends it: the key of a new question may be left to the server. */
export interface QuestionInput {
  key?: string;
  kind?: string;
  label?: string;
  help?: string | null;
  required?: boolean;
  prisms?: readonly string[] | null;
  options?: readonly { key?: string; label?: string; fragility?: string | null }[];
  maxChoices?: number | null;
  min?: number;
  max?: number;
  minLabel?: string;
  maxLabel?: string;
  maxLength?: number;
}

/** Question and option keys: stable identifiers, answers are stored by them. */
export const STUDY_KEY = /^[a-z][a-z0-9_]{0,99}$/;

const KIND_LABELS: Record<string, string> = {
  single: 'choix unique',
  multiple: 'choix multiple',
  scale: 'échelle',
  text: 'texte libre',
};

/** The first `prefix_N` not taken. */
function freshKey(prefix: string, taken: Set<string>): string {
  let n = 1;
  while (taken.has(`${prefix}_${n}`)) n += 1;
  const key = `${prefix}_${n}`;
  taken.add(key);
  return key;
}

const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

/**
 * Checks an adapted questionnaire and answers it as stored: kinds, unique keys (generated for
 * new questions and options sent without one), non-empty labels within `STUDY_LIMITS`, scales
 * with min < max ≤ 10, a multiple choice's limit within its options. Every problem is listed,
 * in French, with its field (`questions[2].options[0].label`); nothing is stored when one fails.
 */
export function checkQuestionnaire(input: readonly QuestionInput[]): StudyQuestion[] {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  if (input.length === 0) problem('questions', 'au moins une question');
  if (input.length > STUDY_LIMITS.questions) problem('questions', `au plus ${STUDY_LIMITS.questions} questions`);

  const questionKeys = new Set(input.map((question) => question.key).filter((key): key is string => Boolean(key)));
  const seen = new Set<string>();
  const questions: StudyQuestion[] = [];
  input.forEach((raw, index) => {
    const at = `questions[${index}]`;
    const key = raw.key ?? freshKey('question', questionKeys);
    if (!STUDY_KEY.test(key)) problem(`${at}.key`, 'lettres minuscules sans accent, chiffres et « _ », 100 au plus');
    else if (seen.has(key)) problem(`${at}.key`, 'déjà utilisée par une autre question');
    seen.add(key);

    const label = (raw.label ?? '').trim();
    if (!label) problem(`${at}.label`, 'obligatoire');
    else if (label.length > STUDY_LIMITS.labelLength)
      problem(`${at}.label`, `${STUDY_LIMITS.labelLength} caractères au plus`);
    const help = (raw.help ?? '').trim();
    if (help.length > STUDY_LIMITS.helpLength) problem(`${at}.help`, `${STUDY_LIMITS.helpLength} caractères au plus`);

    let prisms: StudyPrism[] | undefined;
    if (raw.prisms) {
      const unknown = raw.prisms.filter((prism) => !(STUDY_PRISMS as readonly string[]).includes(prism));
      if (unknown.length) problem(`${at}.prisms`, 'regard inconnu');
      else if (raw.prisms.length === 0) problem(`${at}.prisms`, 'au moins un regard, ou aucun champ pour tous');
      else prisms = STUDY_PRISMS.filter((prism) => raw.prisms?.includes(prism));
    }
    const base = {
      key,
      label,
      ...(help ? { help } : {}),
      required: raw.required ?? false,
      ...(prisms && prisms.length < STUDY_PRISMS.length ? { prisms } : {}),
    };

    switch (raw.kind) {
      case 'single':
      case 'multiple': {
        const options = checkOptions(raw.options ?? [], at, problem);
        if (raw.kind === 'single') {
          if (raw.maxChoices !== undefined && raw.maxChoices !== null)
            problem(`${at}.maxChoices`, 'réservé aux questions à choix multiple');
          questions.push({ ...base, kind: 'single', options });
          break;
        }
        const maxChoices = raw.maxChoices ?? undefined;
        if (maxChoices !== undefined && (!isInteger(maxChoices) || maxChoices < 1 || maxChoices > options.length))
          problem(`${at}.maxChoices`, `un nombre entier entre 1 et le nombre de choix (${options.length})`);
        questions.push({ ...base, kind: 'multiple', options, ...(maxChoices !== undefined ? { maxChoices } : {}) });
        break;
      }
      case 'scale': {
        const { min, max } = raw;
        if (!isInteger(min) || !isInteger(max) || min < 0 || max > STUDY_LIMITS.scaleMax || min >= max)
          problem(`${at}.min`, `une échelle d’entiers avec 0 ≤ min < max ≤ ${STUDY_LIMITS.scaleMax}`);
        const minLabel = (raw.minLabel ?? '').trim();
        const maxLabel = (raw.maxLabel ?? '').trim();
        if (minLabel.length > STUDY_LIMITS.optionLabelLength)
          problem(`${at}.minLabel`, `${STUDY_LIMITS.optionLabelLength} caractères au plus`);
        if (maxLabel.length > STUDY_LIMITS.optionLabelLength)
          problem(`${at}.maxLabel`, `${STUDY_LIMITS.optionLabelLength} caractères au plus`);
        questions.push({ ...base, kind: 'scale', min: min ?? 0, max: max ?? 0, minLabel, maxLabel });
        break;
      }
      case 'text': {
        const maxLength = raw.maxLength ?? STUDY_LIMITS.textAnswerLength;
        if (!isInteger(maxLength) || maxLength < 1 || maxLength > STUDY_LIMITS.textAnswerLength)
          problem(`${at}.maxLength`, `un nombre entier entre 1 et ${STUDY_LIMITS.textAnswerLength}`);
        questions.push({ ...base, kind: 'text', maxLength });
        break;
      }
      default:
        problem(
          `${at}.kind`,
          `une de ces natures : ${STUDY_QUESTION_KINDS.map((kind) => KIND_LABELS[kind]).join(', ')}`,
        );
    }
  });
  if (problems.length) {
    throw new DomainError('invalid', {
      code: 'invalid_questionnaire',
      detail: `Le questionnaire n’est pas valable : ${problems.length} problème(s) à corriger.`,
      errors: problems,
    });
  }
  return questions;
}

function checkOptions(
  input: NonNullable<QuestionInput['options']>,
  at: string,
  problem: (field: string, message: string) => void,
): StudyOption[] {
  if (input.length < 2) problem(`${at}.options`, 'au moins deux choix');
  if (input.length > STUDY_LIMITS.options) problem(`${at}.options`, `au plus ${STUDY_LIMITS.options} choix`);
  const taken = new Set(input.map((option) => option.key).filter((key): key is string => Boolean(key)));
  const seen = new Set<string>();
  return input.map((raw, index) => {
    const field = `${at}.options[${index}]`;
    const key = raw.key ?? freshKey('choice', taken);
    if (!STUDY_KEY.test(key)) problem(`${field}.key`, 'lettres minuscules sans accent, chiffres et « _ », 100 au plus');
    else if (seen.has(key)) problem(`${field}.key`, 'déjà utilisée par un autre choix de la question');
    seen.add(key);
    const label = (raw.label ?? '').trim();
    if (!label) problem(`${field}.label`, 'obligatoire');
    else if (label.length > STUDY_LIMITS.optionLabelLength)
      problem(`${field}.label`, `${STUDY_LIMITS.optionLabelLength} caractères au plus`);
    const fragility = raw.fragility ?? undefined;
    if (fragility !== undefined && !(FRAGILITIES as readonly string[]).includes(fragility))
      problem(`${field}.fragility`, 'fragilité inconnue');
    return { key, label, ...(fragility ? { fragility: fragility as Fragility } : {}) };
  });
}

/** The questions one prism is asked. */
export function questionsFor(questions: readonly StudyQuestion[], prism: StudyPrism): StudyQuestion[] {
  return questions.filter((question) => !question.prisms || question.prisms.includes(prism));
}

/** One stored answer: option keys, a scale value or a text (exactly one). */
export interface AnswerValue {
  questionKey: string;
  optionKeys: string[] | null;
  scaleValue: number | null;
  textValue: string | null;
}

/**
 * Checks a respondent's answers against the questions of their prism: every required question
 * answered, option keys of the question, a multiple choice within its limit, a scale value in
 * range, a text within its length; unknown questions refused. Empty texts and empty choices
 * count as no answer. Answers the rows to store.
 */
export function checkAnswers(
  questions: readonly StudyQuestion[],
  answers: Readonly<Record<string, unknown>>,
): AnswerValue[] {
  const problems: FieldProblem[] = [];
  const byKey = new Map(questions.map((question) => [question.key, question]));
  for (const key of Object.keys(answers)) {
    if (!byKey.has(key)) problems.push({ field: `answers.${key}`, message: 'question inconnue' });
  }
  const values: AnswerValue[] = [];
  for (const question of questions) {
    const field = `answers.${question.key}`;
    const raw = Object.hasOwn(answers, question.key) ? answers[question.key] : undefined;
    const fail = (message: string) => problems.push({ field, message });
    const value: AnswerValue = { questionKey: question.key, optionKeys: null, scaleValue: null, textValue: null };
    const empty =
      raw === undefined ||
      raw === null ||
      (typeof raw === 'string' && raw.trim() === '') ||
      (Array.isArray(raw) && raw.length === 0);
    if (empty) {
      if (question.required) fail('réponse obligatoire');
      continue;
    }
    const optionKeys = 'options' in question ? new Set(question.options.map((option) => option.key)) : new Set();
    switch (question.kind) {
      case 'single':
        if (typeof raw !== 'string' || !optionKeys.has(raw)) fail('choisissez une des réponses proposées');
        else value.optionKeys = [raw];
        break;
      case 'multiple': {
        const picked = Array.isArray(raw) ? raw : [raw];
        if (!picked.every((item): item is string => typeof item === 'string' && optionKeys.has(item)))
          fail('choisissez parmi les réponses proposées');
        else if (new Set(picked).size !== picked.length) fail('une même réponse choisie deux fois');
        else if (question.maxChoices !== undefined && picked.length > question.maxChoices)
          fail(`${question.maxChoices} réponse(s) au plus`);
        else value.optionKeys = [...picked].sort();
        break;
      }
      case 'scale':
        if (!isInteger(raw) || raw < question.min || raw > question.max)
          fail(`un nombre entier de ${question.min} à ${question.max}`);
        else value.scaleValue = raw;
        break;
      case 'text': {
        const limit = Math.min(question.maxLength, STUDY_LIMITS.textAnswerLength);
        if (typeof raw !== 'string') fail('un texte');
        else if (raw.trim().length > limit) fail(`${limit} caractères au plus`);
        else value.textValue = raw.trim();
        break;
      }
    }
    if (value.optionKeys || value.scaleValue !== null || value.textValue !== null) values.push(value);
  }
  if (problems.length) {
    throw new DomainError('invalid', {
      code: 'invalid_answers',
      detail:
        problems.length === 1
          ? 'Une réponse est à corriger avant l’envoi.'
          : `${problems.length} réponses sont à corriger avant l’envoi.`,
      errors: problems,
    });
  }
  return values;
}
