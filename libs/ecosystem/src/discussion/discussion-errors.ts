/** The error codes the discussion feature throws (public: the API sends them as `code`). */
export type DiscussionErrorCode =
  'invalid_comment' | 'invalid_mention' | 'comment_not_editable' | 'comment_not_deletable' | 'contacts_not_shared';

declare module '@maillage/platform' {
  interface DomainErrorCodes {
    discussion: DiscussionErrorCode;
  }
}

export {};
