import { HttpException, HttpStatus } from '@nestjs/common';

/** One field-level problem in a 400/422 answer. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** The RFC 9457 body Maillage answers every error with. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  requestId: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://maillage.fr/problems/';

/** French titles by status; the `code` carries the stable, machine-readable reason. */
export const STATUS_TITLES: Record<number, string> = {
  400: 'Requête invalide',
  401: 'Authentification requise',
  403: 'Accès refusé',
  404: 'Ressource introuvable',
  405: 'Méthode non autorisée',
  406: 'Format de réponse non disponible',
  409: 'Conflit',
  410: 'Ressource expirée',
  412: 'Version obsolète',
  413: 'Requête trop volumineuse',
  415: 'Type de contenu non pris en charge',
  422: 'Données non traitables',
  428: 'Précondition requise',
  429: 'Trop de requêtes',
  500: 'Erreur interne',
  502: 'Service indisponible',
  503: 'Service indisponible',
  504: 'Délai dépassé',
};

export const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  410: 'gone',
  412: 'precondition_failed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  428: 'precondition_required',
  429: 'too_many_requests',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'unavailable',
  504: 'timeout',
};

export interface ProblemOptions {
  code: string;
  detail?: string;
  errors?: FieldProblem[];
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * Throw this from any layer to answer with a precise problem: a stable
 * `code` clients can switch on and a French `detail` people can read.
 */
export class ProblemException extends HttpException {
  readonly code: string;
  readonly errors: FieldProblem[] | undefined;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(status: HttpStatus | number, options: ProblemOptions) {
    super(options.detail ?? STATUS_TITLES[status] ?? 'Erreur', status);
    this.code = options.code;
    this.errors = options.errors;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }
}

/** The generic 404 every missing or foreign resource answers with. */
export function notFound(detail = 'Cette ressource n’existe pas ou vous n’y avez pas accès.'): ProblemException {
  return new ProblemException(HttpStatus.NOT_FOUND, { code: 'not_found', detail });
}
