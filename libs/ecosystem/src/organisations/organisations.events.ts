declare module '@maillage/platform' {
  interface DomainEventCatalogue {
    /** A member without an organisation asks the coordination to link them (to an actor, or one they describe). */
    'link_request.created': { userId: string; actorId: string | null; actorName: string | null; description: string };
    /** The coordination linked the member (accepted) or refused, with its reason. */
    'link_request.reviewed': {
      userId: string;
      accepted: boolean;
      actorId: string | null;
      actorName: string | null;
      reason: string | null;
    };
    /** Someone asked to join the territory through its join link. */
    'join_request.created': { userId: string; actorId: string | null; actorName: string };
    /** The coordination accepted (the requester is now a member) or refused a join request. */
    'join_request.reviewed': {
      userId: string;
      accepted: boolean;
      actorId: string | null;
      actorName: string;
      reason: string | null;
    };
    /** A member changed identity or counted fields of its organisation: a coordinator reviews them. */
    'profile.change_requested': { actorId: string; actorName: string; fields: string[] };
    /** The coordination applied or refused an organisation's requested change. */
    'profile.change_reviewed': {
      actorId: string;
      actorName: string;
      fields: string[];
      accepted: boolean;
      reason: string | null;
    };
  }
}

export {};
