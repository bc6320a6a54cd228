import type { ActorCategory } from '../ecosystem.types.js';

declare module '@maillage/platform' {
  interface DomainEventCatalogue {
    /** An actor added to the directory (by hand; imports record one `import.finished`). */
    'actor.created': { name: string; category: ActorCategory };
    /** An actor's fields changed: the names of those that did. */
    'actor.updated': { name: string; fields: string[] };
    'actor.archived': { name: string; archived: boolean };
    /** `mergedActorId` was merged into the subject, which keeps its links. */
    'actor.merged': { name: string; mergedActorId: string; mergedName: string };
  }
}

export {};
