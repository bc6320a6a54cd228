/** The error codes the reports feature throws (public: the API sends them as `code`). */
export type ReportErrorCode =
  | 'invalid_report_request'
  | 'invalid_schedule'
  | 'report_finished'
  | 'report_not_ready'
  /** Worker only: the report cannot be made (bad parameters, too large for its format). */
  | 'report_failed';

declare module '@maillage/platform' {
  interface DomainErrorCodes {
    reports: ReportErrorCode;
  }
}
