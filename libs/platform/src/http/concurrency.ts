import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error.js';

/**
 * Optimistic concurrency: updates name the version they were made from, in
 * an `If-Match` header (`"3"`, `W/"3"` or `3`). Missing is a 428; a version
 * that is no longer current is a 412 (someone else saved in between).
 */
export const IfMatch = createParamDecorator((_data: unknown, context: ExecutionContext): number => {
  const header = context.switchToHttp().getRequest<FastifyRequest>().headers['if-match'];
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(value) : null;
  if (!match) {
    throw new DomainError('precondition_required', {
      code: 'if_match_required',
      detail: 'Indiquez la version modifiée dans l’en-tête If-Match (par exemple If-Match: "3").',
    });
  }
  return Number(match[1]);
});

export function staleVersion(current: number): DomainError {
  return new DomainError('precondition_failed', {
    code: 'version_mismatch',
    detail: 'Cette fiche a été modifiée entre-temps : rechargez-la puis refaites vos changements.',
    extensions: { currentVersion: current },
  });
}
