/** The error codes the territories feature throws (public: the API sends them as `code`). */
export type TerritoryErrorCode =
  | 'forbidden'
  | 'validation_failed'
  | 'territory_exists'
  | 'unknown_commune'
  | 'unknown_territory_code'
  | 'unknown_actor'
  | 'last_coordinator'
  | 'invalid_invitation'
  | 'already_member'
  | 'account_exists';

declare module '@maillage/platform' {
  interface DomainErrorCodes {
    territories: TerritoryErrorCode;
  }
}
