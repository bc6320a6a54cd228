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
import { NUL_MESSAGE, nulFields } from './validation.js';

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

/** A column's name as the API's fields spell it: `commune_code` → `communeCode`. */
const fieldOf = (column: string): string =>
  column.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());

/**
 * What a check on one column of ours means, when the API's validation let the value through.
 * A name or a title is checked non-empty there, but trimmed after: one of spaces only is empty.
 */
const COLUMN_CHECKS: Record<string, string> = {
  name: 'Ce champ ne doit pas être vide.',
  title: 'Ce champ ne doit pas être vide.',
  end_date: 'La date de fin ne doit pas précéder la date de début.',
};

/**
 * The field a check constraint is about, when it is a column's own (PostgreSQL names it
 * `<table>_<column>_check`), with a French message saying what it requires.
 */
function checkedField(error: { table?: unknown; constraint?: unknown }): FieldProblem | undefined {
  const table = typeof error.table === 'string' ? error.table : '';
  const constraint = typeof error.constraint === 'string' ? error.constraint : '';
  if (!table || !constraint.startsWith(`${table}_`) || !constraint.endsWith('_check')) return undefined;
  const column = constraint.slice(table.length + 1, -'_check'.length);
  if (!/^[a-z][a-z0-9_]*$/.test(column)) return undefined;
  return { field: fieldOf(column), message: COLUMN_CHECKS[column] ?? 'Cette valeur n’est pas acceptée pour ce champ.' };
}

/** The dotted paths of the texts of a request's body holding a NUL character (what PostgreSQL refuses in text). */
function nulFieldsOf(body: unknown): string[] {
  return typeof body === 'string' ? (body.includes('\u0000') ? ['body'] : []) : nulFields(body, '');
}

interface DatabaseProblem {
  status: number;
  code: string;
  detail: string;
  errors?: FieldProblem[];
}

/**
 * A last line of defence for values the validation let through but
 * PostgreSQL refuses (out-of-range dates, control characters, a check
 * constraint): a 4xx that names no table or column, only the field when it is
 * known, and the transaction rolled back, so nothing changed.
 */
function databaseProblem(exception: unknown, body: unknown): DatabaseProblem | undefined {
  const error = exception as
    { driverError?: { code?: unknown; table?: unknown; constraint?: unknown }; code?: unknown } | undefined;
  const driver = error?.driverError ?? (error as { table?: unknown; constraint?: unknown } | undefined) ?? {};
  const sqlState = String(error?.driverError?.code ?? error?.code ?? '');
  if (!/^[0-9A-Z]{5}$/.test(sqlState)) return undefined;
  if (sqlState.startsWith('22')) {
    // A NUL character (22021 in text, 22P05 in JSON): the request's body says which field held it.
    const nul = sqlState === '22021' || sqlState === '22P05' ? nulFieldsOf(body) : [];
    return {
      status: 400,
      code: 'invalid_value',
      detail: 'Une valeur envoyée ne peut pas être enregistrée telle quelle.',
      ...(nul.length > 0 ? { errors: nul.map((field) => ({ field, message: NUL_MESSAGE })) } : {}),
    };
  }
  if (sqlState === '23505') {
    return { status: 409, code: 'conflict', detail: 'Cette donnée existe déjà.' };
  }
  if (sqlState === '23514') {
    const problem = checkedField(driver);
    if (problem) {
      return {
        status: 400,
        code: 'validation_failed',
        detail: 'Certaines données envoyées sont invalides.',
        errors: [problem],
      };
    }
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
    const database = databaseProblem(exception, request.body);
    if (database) return base(database.status, database.code, database.detail, database.errors);
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
