/** The error codes territorial studies throw (public: the API sends them as `code`). */
export type StudyErrorCode =
  | 'invalid_questionnaire'
  | 'invalid_answers'
  | 'invalid_study'
  | 'study_not_draft'
  | 'study_not_open'
  | 'study_closed'
  | 'invalid_study_link'
  | 'study_already_answered'
  | 'study_answered_from_device'
  | 'too_many_study_answers';

declare module '@maillage/platform' {
  interface DomainErrorCodes {
    studies: StudyErrorCode;
  }
}

export {};
