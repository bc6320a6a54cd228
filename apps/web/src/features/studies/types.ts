/**
 * The studies' shapes as the console reads them (the API's, `studies-api` design): plain
 * TypeScript, shared by the pages and the unit-tested modules.
 */
import type { StudyPrism, StudyQuestion, StudyQuestionKind, StudyTemplate, StudyTemplateKey } from '@maillage/contract';

export type { StudyTemplate };

export type StudyStatus = 'draft' | 'open' | 'closed';

export interface StudySummary {
  id: string;
  title: string;
  templateKey: StudyTemplateKey;
  status: StudyStatus;
  prisms: StudyPrism[];
  createdAt: string;
  openedAt: string | null;
  closedAt: string | null;
  invitations: { total: number; answered: number };
  responses: { total: number; byPrism: Partial<Record<StudyPrism, number>> };
  responseRate: number | null;
  publicLinkOpen: boolean;
}

export interface StudyDetail extends StudySummary {
  description: string;
  currentVersion: number;
  questions: StudyQuestion[];
  versions: number;
  invitationsByPrism: Partial<Record<StudyPrism, { total: number; answered: number }>>;
  /** Invitation mails (first links and reminders) still waiting for the mail server. */
  pendingMails: number;
  version: number;
}

export interface PrismResult {
  respondents: number | null;
  suppressed: boolean;
  options?: { key: string; label: string; count: number | null; percent: number | null }[];
  mean?: number | null;
  distribution?: { value: number; count: number | null }[];
  texts?: string[];
}

export interface QuestionResult {
  key: string;
  label: string;
  kind: StudyQuestionKind;
  byPrism: Partial<Record<StudyPrism, PrismResult>>;
  all: PrismResult;
}

export interface StudyResults {
  threshold: number;
  /** The total is null when it would reveal a suppressed prism by difference. */
  responses: { total: number | null; byPrism: Partial<Record<StudyPrism, number | null>> };
  questions: QuestionResult[];
}

/** What an answer link opens: the study, its questions for the link's prism. */
export interface PublicStudy {
  territoryName: string;
  title: string;
  description: string;
  prism: StudyPrism;
  channel: 'invitation' | 'public';
  questions: StudyQuestion[];
}
