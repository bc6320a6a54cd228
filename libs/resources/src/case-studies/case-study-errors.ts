import { normaliseText } from '@maillage/contract';
import { DomainError } from '@maillage/platform';

/** The error codes of case studies (public: the API sends them as `code`). */
export type CaseStudyErrorCode =
  | 'invalid_case_study'
  | 'case_study_source_not_found'
  | 'case_study_status'
  | 'case_study_own_approval'
  | 'case_study_not_participant'
  | 'case_study_consent_not_yours'
  | 'case_study_names_without_consent';

declare module '@maillage/platform' {
  interface DomainErrorCodes {
    caseStudies: CaseStudyErrorCode;
  }
}

export function invalidCaseStudy(field: string, message: string, detail: string): DomainError {
  return new DomainError('invalid', { code: 'invalid_case_study', detail, errors: [{ field, message }] });
}

/** The step is not one the case study's state allows (its French status is in the detail). */
export function wrongStatus(detail: string): DomainError {
  return new DomainError('conflict', { code: 'case_study_status', detail });
}

/**
 * The participants a case study's texts name although they have not agreed to be named: the
 * national centre describes them by category and role, so their name must not be in its title
 * or sections either. Matched on whole words, case and accents ignored.
 */
export function namedWithoutConsent(
  texts: readonly string[],
  participants: readonly { name: string; consent: string }[],
): string[] {
  const text = ` ${normaliseText(texts.join(' '))} `;
  return participants
    .filter((participant) => participant.consent !== 'granted')
    .filter((participant) => {
      const name = normaliseText(participant.name);
      return name.length >= 3 && text.includes(` ${name} `);
    })
    .map((participant) => participant.name);
}
