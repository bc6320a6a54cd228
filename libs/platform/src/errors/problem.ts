import type { DomainErrorKind, FieldProblem } from './domain-error.js';

export type { FieldProblem } from './domain-error.js';

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

/** The status the API answers each kind of domain error with. */
export const KIND_STATUS: Record<DomainErrorKind, number> = {
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
