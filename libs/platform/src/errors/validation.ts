import {
  ValidationPipe,
  type ArgumentMetadata,
  type ValidationError,
  type ValidationPipeOptions,
} from '@nestjs/common';
import { DomainError, type FieldProblem } from './domain-error.js';
import { FRENCH_BUILT_IN, frenchValidationMessages } from './french-messages.js';
import { PLANNED_OPTIONS, PlannedValidator } from './planned-validation.js';
import { memoiseValidationMetadata } from './validation-metadata.js';

export { registerValueLabels } from './french-messages.js';

/** Nest's own message for a body or query that is a list or a single value, not an object. */
const NEST_NOT_AN_OBJECT = 'Validation failed (object is expected)';

/**
 * Rules on a value's type. When one fails, the field's other rules (lengths, bounds, accepted
 * values) failed only because the value is of another kind: saying « doit être un texte » alone
 * is what helps, where « ne doit pas dépasser 100 caractères » beside it for a number misleads.
 */
const TYPE_RULES = new Set([
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isArray',
  'isObject',
  'nestedValidation',
  'isDate',
  'isDateString',
  'isISO8601',
  'isUUID',
]);

/** class-validator's errors as the problem's field list (dotted paths, French messages). */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const failed = Object.entries(error.constraints ?? {});
    // Not a list at all: its elements' rules (« chaque élément doit être un objet ») follow from it too.
    const notAList = failed.filter(([rule]) => rule === 'isArray');
    const typeOnly = failed.filter(([rule]) => TYPE_RULES.has(rule));
    const shown = notAList.length > 0 ? notAList : typeOnly.length > 0 ? typeOnly : failed;
    const own = shown.map(([rule, message]) => ({
      field,
      message:
        Object.hasOwn(FRENCH_BUILT_IN, rule) && (rule !== 'isObject' || message === NEST_NOT_AN_OBJECT)
          ? (FRENCH_BUILT_IN[rule] as string)
          : message,
    }));
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** What a text holding a NUL character is told: PostgreSQL stores no such character, in text or JSON. */
export const NUL_MESSAGE = 'Ce champ contient un caractère invisible interdit (caractère nul) : retirez-le.';

/** The dotted paths of the texts of a body or query that hold a NUL character (`parent` when it is one). */
export function nulFields(value: unknown, parent: string): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [parent] : [];
  // Only what JSON or a query string gives: a stream or a buffer (an upload's body) is not walked.
  const plain =
    Array.isArray(value) ||
    (value !== null &&
      typeof value === 'object' &&
      [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null));
  if (!plain) return [];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value);
  return entries.flatMap(([key, item]) => nulFields(item, parent ? `${parent}.${key}` : key));
}

/**
 * Nest's validation pipe, with class-validator's pass over the transformed object done by a
 * `PlannedValidator` (same checks, same errors, without redoing per object what depends only on
 * the class); a class it does not plan is validated by class-validator itself.
 */
export class PlannedValidationPipe extends ValidationPipe {
  private readonly planned = new PlannedValidator();

  /** The plans follow exactly `PLANNED_OPTIONS`: only the transformation and the error factory are the caller's. */
  constructor(options: Pick<ValidationPipeOptions, 'transform' | 'exceptionFactory'>) {
    super({ ...options, ...PLANNED_OPTIONS });
  }

  /**
   * A text holding a NUL character is refused here, named, with whatever else is wrong: the
   * database would refuse it later with no way to tell which field held it.
   */
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const nul =
      metadata.type === 'body' || metadata.type === 'query'
        ? nulFields(value, typeof value === 'string' ? metadata.type : '').map((field) => ({
            field,
            message: NUL_MESSAGE,
          }))
        : [];
    if (nul.length === 0) return super.transform(value, metadata);
    let errors: FieldProblem[] = [];
    try {
      await super.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'validation_failed') throw error;
      errors = error.errors ?? [];
    }
    throw invalid([...errors, ...nul.filter((problem) => !errors.some((other) => other.field === problem.field))]);
  }

  protected override validate(object: object, options?: Parameters<ValidationPipe['validate']>[1]) {
    return this.planned.validate(object) ?? super.validate(object, options);
  }
}

/** The API's answer to invalid input: a 400 problem listing every field at fault. */
const invalid = (errors: FieldProblem[]): DomainError =>
  new DomainError('invalid', {
    code: 'validation_failed',
    detail: 'Certaines données envoyées sont invalides.',
    errors,
  });

/**
 * Whitelists DTO properties and rejects unknown ones (mass assignment), then
 * answers a 400 problem listing every invalid field.
 */
export function createValidationPipe(): ValidationPipe {
  memoiseValidationMetadata();
  frenchValidationMessages();
  return new PlannedValidationPipe({
    transform: true,
    exceptionFactory: (errors) => invalid(fieldProblems(errors)),
  });
}
