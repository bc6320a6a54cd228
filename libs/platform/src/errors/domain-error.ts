/**
 * Domain errors, apart from any transport. A library throws a `DomainError`
 * with a kind (what went wrong, in terms every caller understands) and a code
 * (the stable, machine-readable reason); the API's problem filter maps the
 * kind to an HTTP status, the worker maps it to "retry" or "fail for good".
 */

/** One field-level problem in an `invalid` error. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * What kind of failure an error is. The API answers each with one status
 * (see `problem.filter.ts`); the worker retries only the transient ones.
 */
export type DomainErrorKind =
  /** The input is wrong (400). */
  | 'invalid'
  /** No valid identity was presented (401). */
  | 'unauthenticated'
  /** The caller may not do this (403). */
  | 'forbidden'
  /** The resource does not exist, or the caller may not know it does (404). */
  | 'not_found'
  /** The resource's state forbids it now (409). */
  | 'conflict'
  /** The resource was there and is no more, for good: a used one-time link, a closed study (410). */
  | 'gone'
  /** The caller's copy is stale (412). */
  | 'precondition_failed'
  /** The caller must say which version it changes (428). */
  | 'precondition_required'
  /** The input is larger than allowed (413). */
  | 'too_large'
  /** The input's format is not one accepted (415). */
  | 'unsupported'
  /** Too many attempts: wait `retryAfterSeconds` (429). */
  | 'rate_limited'
  /** A dependency is down: trying again later may work (503). */
  | 'unavailable';

/** Kinds that trying again cannot fix: a job failing with one fails at once. */
const PERMANENT_KINDS: ReadonlySet<DomainErrorKind> = new Set<DomainErrorKind>([
  'invalid',
  'unauthenticated',
  'forbidden',
  'not_found',
  'gone',
  'too_large',
  'unsupported',
]);

export function isPermanentKind(kind: DomainErrorKind): boolean {
  return PERMANENT_KINDS.has(kind);
}

/** Codes the platform itself throws. */
export type PlatformErrorCode =
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'validation_failed'
  | 'invalid_encoding'
  | 'json_too_deep'
  | 'invalid_cursor'
  | 'if_match_required'
  | 'version_mismatch'
  | 'invalid_job_payload';

/**
 * The codes each feature may throw, one union per feature. Feature libraries
 * add theirs by module augmentation, like the job catalogue:
 *
 *   declare module '@maillage/platform' {
 *     interface DomainErrorCodes { reports: ReportErrorCode }
 *   }
 *
 * The codes are public (the API sends them as `code`): never rename one.
 */
export interface DomainErrorCodes {
  platform: PlatformErrorCode;
}

export type DomainErrorCode = DomainErrorCodes[keyof DomainErrorCodes];

export interface DomainErrorOptions<C extends DomainErrorCode = DomainErrorCode> {
  code: C;
  /** French, for people: shown by the console, kept as a failed job's reason. */
  detail?: string;
  errors?: FieldProblem[];
  /** Extra machine-readable members (e.g. the current version of a stale resource). */
  extensions?: Record<string, unknown>;
  /** For `rate_limited`: how long to wait before trying again. */
  retryAfterSeconds?: number;
  /** For `unauthenticated`: how to authenticate (the API sends it as `WWW-Authenticate`). */
  challenge?: string;
}

/** A failure the domain expects and names. Not an HTTP type: the API and the worker each translate it. */
export class DomainError<C extends DomainErrorCode = DomainErrorCode> extends Error {
  readonly kind: DomainErrorKind;
  readonly code: C;
  readonly detail: string | undefined;
  readonly errors: FieldProblem[] | undefined;
  readonly extensions: Record<string, unknown>;
  readonly retryAfterSeconds: number | undefined;
  readonly challenge: string | undefined;

  constructor(kind: DomainErrorKind, options: DomainErrorOptions<C>) {
    super(options.detail ?? options.code);
    this.name = 'DomainError';
    this.kind = kind;
    this.code = options.code;
    this.detail = options.detail;
    this.errors = options.errors;
    this.extensions = options.extensions ?? {};
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.challenge = options.challenge;
  }

  /** Whether trying again cannot fix it (see `isPermanentKind`). */
  get permanent(): boolean {
    return isPermanentKind(this.kind);
  }
}

/** The generic "not found" every missing or foreign resource answers with. */
export function notFound(detail = 'Cette ressource n’existe pas ou vous n’y avez pas accès.'): DomainError {
  return new DomainError('not_found', { code: 'not_found', detail });
}
