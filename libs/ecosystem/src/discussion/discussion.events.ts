import type { CommentSubjectType } from '@maillage/contract';

/** A message as its events describe it: its thread's subject, and who may read that thread. */
export interface CommentEventData {
  subjectType: CommentSubjectType;
  subjectId: string;
  /** The subject's title as it was then. */
  title: string;
  /** The start of the message, mentions shown as names. */
  excerpt: string;
  /** The people the message mentions (they may all read the thread). */
  mentions: string[];
  /** The organisations whose members may read the thread (an alliance's parties; none otherwise). */
  readers: string[];
}

declare module '@maillage/platform' {
  interface DomainEventCatalogue {
    /** A message posted in a thread; its subject is the message (`comment`), its thread's in `data`. */
    'comment.posted': CommentEventData;
    /** A message deleted (an immediate mail about it that has not left is dropped). */
    'comment.deleted': Pick<CommentEventData, 'subjectType' | 'subjectId' | 'title'>;
  }
}

export {};
