/** The error codes the reports feature throws (public: the API sends them as `code`). */
export type ReportErrorCode =
  | 'invalid_report_request'
  | 'invalid_schedule'
  | 'report_finished'
  | 'report_not_ready'
  // Worker only: the report cannot be made.
  | 'invalid_report_params'
  | 'report_too_large';

declare module '@maillage/platform' {
  interface DomainErrorCodes {
    reports: ReportErrorCode;
  }
}
