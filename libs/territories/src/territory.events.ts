import type { TerritoryRole } from '@maillage/platform';

declare module '@maillage/platform' {
  interface DomainEventCatalogue {
    'invitation.created': { email: string; role: TerritoryRole };
    'invitation.revoked': Record<string, never>;
    /** Someone joined through an invitation: the coordinators are told. */
    'invitation.accepted': { email: string; role: TerritoryRole; userId: string };
  }
}

export {};
