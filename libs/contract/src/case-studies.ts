/**
 * Case studies (retours d'expérience): a territory's action or alliance told for other
 * territories, reviewed by the territory's coordinators, then published to the national centre.
 */
export const CASE_STUDY_SOURCES = ['action', 'alliance'] as const;
export type CaseStudySource = (typeof CASE_STUDY_SOURCES)[number];

/** draft → submitted (for review) → approved (by another coordinator) → published; returned goes back to draft. */
export const CASE_STUDY_STATUSES = ['draft', 'submitted', 'approved', 'published'] as const;
export type CaseStudyStatus = (typeof CASE_STUDY_STATUSES)[number];

/** Whether a participating organisation may be named: not until it (or the coordination, offline) says so. */
export const CASE_STUDY_CONSENTS = ['pending', 'granted', 'refused'] as const;
export type CaseStudyConsent = (typeof CASE_STUDY_CONSENTS)[number];

/** Who recorded a consent: the organisation's own member, or a coordinator who obtained it offline. */
export const CASE_STUDY_CONSENT_SOURCES = ['organisation', 'coordinator'] as const;
export type CaseStudyConsentSource = (typeof CASE_STUDY_CONSENT_SOURCES)[number];

/** The written sections of a case study, in reading order. */
export const CASE_STUDY_SECTIONS = ['context', 'enjeux', 'whatWasDone', 'results', 'lessons'] as const;
export type CaseStudySection = (typeof CASE_STUDY_SECTIONS)[number];
