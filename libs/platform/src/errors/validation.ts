import { ValidationPipe, type ValidationError, type ValidationPipeOptions } from '@nestjs/common';
import { DomainError, type FieldProblem } from './domain-error.js';
import { FRENCH_BUILT_IN, frenchValidationMessages } from './french-messages.js';
import { PLANNED_OPTIONS, PlannedValidator } from './planned-validation.js';
import { memoiseValidationMetadata } from './validation-metadata.js';

/** class-validator's errors as the problem's field list (dotted paths, French messages). */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      message: FRENCH_BUILT_IN[rule] ?? message,
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

  constructor(options: Omit<ValidationPipeOptions, keyof typeof PLANNED_OPTIONS>) {
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
