import { Param, ParseUUIDPipe } from '@nestjs/common';
import { notFound } from '../errors/domain-error.js';

/** A uuid path parameter; anything that is not one names no resource: 404, as for a missing one. */
export const UuidParam = (name: string): ParameterDecorator =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => notFound() }));
