import { ValidationPipe, type ValidationError, type ValidationPipeOptions } from '@nestjs/common';
import { DomainError, type FieldProblem } from './domain-error.js';
import { FRENCH_BUILT_IN, frenchValidationMessages } from './french-messages.js';
import { PLANNED_OPTIONS, PlannedValidator } from './planned-validation.js';
import { memoiseValidationMetadata } from './validation-metadata.js';

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

  protected override validate(object: object, options?: Parameters<ValidationPipe['validate']>[1]) {
    return this.planned.validate(object) ?? super.validate(object, options);
  }
}

/**
 * Whitelists DTO properties and rejects unknown ones (mass assignment), then
 * answers a 400 problem listing every invalid field.
 */
export function createValidationPipe(): ValidationPipe {
  memoiseValidationMetadata();
  frenchValidationMessages();
  return new PlannedValidationPipe({
    transform: true,
    exceptionFactory: (errors) =>
      new DomainError('invalid', {
        code: 'validation_failed',
        detail: 'Certaines données envoyées sont invalides.',
        errors: fieldProblems(errors),
      }),
  });
}
