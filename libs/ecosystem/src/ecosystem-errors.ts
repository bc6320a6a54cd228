import type { SpreadsheetProblem } from './imports/import-limits.js';

/** The error codes the ecosystem feature throws (public: the API sends them as `code`). */
export type EcosystemErrorCode =
  | 'forbidden'
  | 'forbidden_filter'
  // Directory
  | 'invalid_actor'
  | 'duplicate_actor'
  | 'unknown_actor'
  | 'archived_actor'
  | 'unknown_priority'
  | 'invalid_merge'
  // Activity
  | 'invalid_action'
  | 'invalid_phase_date'
  | 'unknown_action'
  | 'unknown_alliance'
  | 'invalid_alliance'
  | 'alliance_not_editable'
  | 'parties_locked'
  | 'illegal_transition'
  | 'invalid_transition_date'
  | 'transition_not_allowed'
  | 'no_actor_link'
  | 'not_a_party'
  | 'not_evaluable'
  | 'invalid_period'
  | 'agreement_required'
  | 'already_agreed'
  | 'not_agreeable'
  // Organisations
  | 'invalid_request'
  | 'request_pending'
  | 'request_reviewed'
  | 'already_linked'
  | 'already_member'
  | 'account_exists'
  | 'too_many_accounts'
  | 'invalid_join_link'
  | 'invalid_join_confirmation'
  | 'stale_change'
  | 'nothing_to_change'
  // Imports
  | SpreadsheetProblem
  | 'invalid_mapping'
  | 'import_busy'
  | 'import_missing'
  | 'queue_unavailable'
  // Geocoding
  | 'geocoder_not_configured';

declare module '@maillage/platform' {
  interface DomainErrorCodes {
    ecosystem: EcosystemErrorCode;
  }
}
