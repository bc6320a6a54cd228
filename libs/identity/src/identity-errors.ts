/** The error codes the identity feature throws (public: the API sends them as `code`). */
export type IdentityErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'token_expired'
  | 'invalid_credentials'
  | 'too_many_login_attempts'
  | 'invalid_refresh_token'
  | 'refresh_token_reused'
  | 'invalid_password_token'
  | 'wrong_current_password'
  | 'weak_password'
  | 'email_taken';

declare module '@maillage/platform' {
  interface DomainErrorCodes {
    identity: IdentityErrorCode;
  }
}
