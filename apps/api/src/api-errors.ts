/** The error codes the API's own controllers throw (public: sent as `code`). */
export type ApiErrorCode =
  'forbidden' | 'validation_failed' | 'not_ready' | 'payload_too_large' | 'unsupported_media_type';

declare module '@maillage/platform' {
  interface DomainErrorCodes {
    api: ApiErrorCode;
  }
}
