import type { StudyStatus } from './types';

/** How a study's status badge reads. */
export const STATUS_TONE: Record<StudyStatus, 'neutral' | 'success' | 'info'> = {
  draft: 'neutral',
  open: 'success',
  closed: 'info',
};
