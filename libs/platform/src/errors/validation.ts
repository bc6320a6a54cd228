import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, type FieldProblem } from './domain-error.js';
import { FRENCH_BUILT_IN, frenchValidationMessages } from './french-messages.js';
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
 * Whitelists DTO properties and rejects unknown ones (mass assignment), then
 * answers a 400 problem listing every invalid field.
 */
export function createValidationPipe(): ValidationPipe {
  memoiseValidationMetadata();
  frenchValidationMessages();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new DomainError('invalid', {
        code: 'validation_failed',
        detail: 'Certaines données envoyées sont invalides.',
        errors: fieldProblems(errors),
      }),
  });
}
