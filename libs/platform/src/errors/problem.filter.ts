import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from './domain-error.js';
import {
  KIND_STATUS,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPE_BASE,
  STATUS_CODES,
  STATUS_TITLES,
  type FieldProblem,
  type ProblemDocument,
} from './problem.js';

interface ErrorWithStatus {
  statusCode?: number;
  status?: number;
  code?: string;
  message?: string;
}

/** Fastify's own errors (body parsing, size) carry a status and an FST_ code. */
const FASTIFY_CODES: Record<string, { code: string; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json', detail: 'Le corps de la requête n’est pas un JSON valide.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_json', detail: 'Le corps JSON est vide.' },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'payload_too_large',
    detail: 'Le corps de la requête dépasse la taille autorisée.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', detail: 'Ce type de contenu n’est pas accepté.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'bad_request', detail: 'La longueur annoncée du corps est incorrecte.' },
};

/**
 * A last line of defence for values the validation let through but
 * PostgreSQL refuses (out-of-range dates, control characters, a check
 * constraint): a 4xx that names no table or column, and the transaction
 * rolled back, so nothing changed.
 */
function databaseProblem(exception: unknown): { status: number; code: string; detail: string } | undefined {
  const error = exception as { driverError?: { code?: unknown }; code?: unknown } | undefined;
  const sqlState = String(error?.driverError?.code ?? error?.code ?? '');
  if (!/^[0-9A-Z]{5}$/.test(sqlState)) return undefined;
  if (sqlState.startsWith('22')) {
    return {
      status: 400,
      code: 'invalid_value',
      detail: 'Une valeur envoyée ne peut pas être enregistrée telle quelle.',
    };
  }
  if (sqlState === '23505') {
    return { status: 409, code: 'conflict', detail: 'Cette donnée existe déjà.' };
  }
  if (sqlState.startsWith('23')) {
    return {
      status: 400,
      code: 'constraint_violation',
      detail: 'Ces données ne respectent pas une règle de cohérence.',
    };
  }
  if (sqlState === '40001' || sqlState === '40P01') {
    return { status: 409, code: 'concurrent_change', detail: 'Une modification simultanée a eu lieu : réessayez.' };
  }
  return undefined;
}

/** The headers a domain error's extra fields become. */
function problemHeaders(error: DomainError): Record<string, string> {
  return {
    ...(error.retryAfterSeconds !== undefined ? { 'retry-after': String(error.retryAfterSeconds) } : {}),
    ...(error.challenge !== undefined ? { 'www-authenticate': error.challenge } : {}),
  };
}

/**
 * Turns every error into an RFC 9457 problem document. Expected errors keep
 * their status; anything else is a 500 whose body says nothing of the cause
 * (no stack, no SQL), while the log line keeps it with the request id.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = this.toProblem(exception, request);
    const headers = exception instanceof DomainError ? problemHeaders(exception) : {};
    if (problem.status >= 500) {
      this.logger.error({ err: exception, requestId: problem.requestId }, 'unhandled error');
    }
    void reply
      .status(problem.status)
      .headers(headers)
      .header('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`)
      .send(JSON.stringify(problem));
  }

  toProblem(exception: unknown, request: FastifyRequest): ProblemDocument {
    const requestId = String(request.id);
    const instance = request.url?.split('?')[0];
    const base = (status: number, code: string, detail?: string, errors?: FieldProblem[]): ProblemDocument => ({
      type: `${PROBLEM_TYPE_BASE}${code}`,
      title: STATUS_TITLES[status] ?? (status >= 500 ? 'Erreur interne' : 'Requête refusée'),
      status,
      ...(detail ? { detail } : {}),
      ...(instance ? { instance } : {}),
      code,
      requestId,
      ...(errors && errors.length > 0 ? { errors } : {}),
    });

    if (exception instanceof DomainError) {
      const status = KIND_STATUS[exception.kind];
      const detail = exception.detail ?? STATUS_TITLES[status] ?? 'Erreur';
      // Extensions never override the standard members (status, code, requestId…).
      return { ...exception.extensions, ...base(status, exception.code, detail, exception.errors) };
    }
    // Nest wraps Fastify's own errors (body parsing, size) in an HttpException, the original as `cause`.
    const fastifyError = (exception instanceof HttpException ? exception.cause : exception) as
      ErrorWithStatus | undefined;
    const known = fastifyError?.code ? FASTIFY_CODES[fastifyError.code] : undefined;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = known?.code ?? STATUS_CODES[status] ?? (status >= 500 ? 'internal_error' : 'http_error');
      // Nest's own messages are English and sometimes technical: only known, safe ones are shown.
      const detail =
        known?.detail ?? (status === 404 ? 'Cette ressource n’existe pas ou vous n’y avez pas accès.' : undefined);
      return base(status, code, status >= 500 ? undefined : detail);
    }
    const database = databaseProblem(exception);
    if (database) return base(database.status, database.code, database.detail);
    const status = fastifyError?.statusCode ?? fastifyError?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return base(status, known?.code ?? STATUS_CODES[status] ?? 'bad_request', known?.detail);
    }
    return base(
      HttpStatus.INTERNAL_SERVER_ERROR,
      'internal_error',
      'Une erreur inattendue est survenue. Réessayez plus tard.',
    );
  }
}
