import type { FastifyRequest } from 'fastify';
import { DomainError, isPermanentKind, notFound, type DomainErrorKind } from './domain-error.js';
import { ProblemFilter } from './problem.filter.js';

const request = { id: 'req-1', url: '/api/v1/things/1?x=1' } as unknown as FastifyRequest;
const toProblem = (error: unknown) => new ProblemFilter().toProblem(error, request);

describe('DomainError', () => {
  it('answers each kind with its status, the code and the French detail', () => {
    const statuses: Record<DomainErrorKind, number> = {
      invalid: 400,
      unauthenticated: 401,
      forbidden: 403,
      not_found: 404,
      conflict: 409,
      gone: 410,
      precondition_failed: 412,
      too_large: 413,
      unsupported: 415,
      precondition_required: 428,
      rate_limited: 429,
      unavailable: 503,
    };
    for (const [kind, status] of Object.entries(statuses) as [DomainErrorKind, number][]) {
      expect(toProblem(new DomainError(kind, { code: 'conflict', detail: 'Détail.' }))).toMatchObject({
        status,
        code: 'conflict',
        type: 'https://maillage.fr/problems/conflict',
        detail: 'Détail.',
        instance: '/api/v1/things/1',
        requestId: 'req-1',
      });
    }
  });

  it('falls back to the French title of the status when it has no detail', () => {
    expect(toProblem(new DomainError('invalid', { code: 'validation_failed' })).detail).toBe('Requête invalide');
  });

  it('keeps field errors and extensions, never letting an extension override a standard member', () => {
    const problem = toProblem(
      new DomainError('precondition_failed', {
        code: 'version_mismatch',
        detail: 'Version obsolète.',
        errors: [{ field: 'version', message: 'obsolète' }],
        extensions: { currentVersion: 3, status: 200, code: 'other' },
      }),
    );
    expect(problem).toMatchObject({ status: 412, code: 'version_mismatch', currentVersion: 3 });
    expect(problem.errors).toEqual([{ field: 'version', message: 'obsolète' }]);
  });

  it('answers the generic not found', () => {
    expect(toProblem(notFound())).toMatchObject({
      status: 404,
      code: 'not_found',
      detail: 'Cette ressource n’existe pas ou vous n’y avez pas accès.',
    });
  });

  it('is permanent for what retrying cannot fix, transient otherwise', () => {
    expect(
      ['invalid', 'not_found', 'forbidden', 'unauthenticated', 'too_large', 'unsupported'].every((kind) =>
        isPermanentKind(kind as DomainErrorKind),
      ),
    ).toBe(true);
    expect(new DomainError('unavailable', { code: 'conflict' }).permanent).toBe(false);
    expect(new DomainError('conflict', { code: 'conflict' }).permanent).toBe(false);
    expect(new DomainError('invalid', { code: 'validation_failed', detail: 'Raison.' }).message).toBe('Raison.');
    expect(new DomainError('invalid', { code: 'validation_failed' })).not.toHaveProperty('getStatus');
  });
});

describe('a value the database refuses', () => {
  const refused = (driverError: Record<string, unknown>, body?: unknown) =>
    new ProblemFilter().toProblem(Object.assign(new Error('query failed'), { driverError }), {
      ...request,
      body,
    } as unknown as FastifyRequest);

  it('names the field of a column’s own check, in French', () => {
    expect(refused({ code: '23514', table: 'actors', constraint: 'actors_name_check' })).toMatchObject({
      status: 400,
      code: 'validation_failed',
      errors: [{ field: 'name', message: 'Ce champ ne doit pas être vide.' }],
    });
    expect(refused({ code: '23514', table: 'actors', constraint: 'actors_commune_code_check' })).toMatchObject({
      errors: [{ field: 'communeCode', message: 'Cette valeur n’est pas acceptée pour ce champ.' }],
    });
    // A check on several columns names none.
    const both = refused({ code: '23514', table: 'actions', constraint: 'actions_check' });
    expect(both).toMatchObject({ status: 400, code: 'constraint_violation' });
    expect(both.errors).toBeUndefined();
  });

  it('names the field holding a NUL character from the request’s body', () => {
    expect(refused({ code: '22021' }, { name: 'ok', contacts: [{ note: 'a\u0000b' }] })).toMatchObject({
      status: 400,
      code: 'invalid_value',
      errors: [{ field: 'contacts.0.note', message: expect.stringContaining('caractère nul') }],
    });
  });
});
