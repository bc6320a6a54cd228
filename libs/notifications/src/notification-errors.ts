/** The error codes the notifications feature throws (public: the API sends them as `code`). */
export type NotificationErrorCode = 'invalid_preference' | 'invalid_unsubscribe_link';

declare module '@maillage/platform' {
  interface DomainErrorCodes {
    notifications: NotificationErrorCode;
  }
}

export {};
