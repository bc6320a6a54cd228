declare module '@maillage/platform' {
  interface DomainEventCatalogue {
    /** A case study is drafted: the organisations it cites are asked whether they may be named. */
    'case_study.created': { title: string; actorIds: string[] };
    /** An organisation (or the coordination, for it, with a note) said whether it may be named. */
    'case_study.consent_recorded': {
      title: string;
      actorId: string;
      actorName: string;
      granted: boolean;
      onBehalf: boolean;
    };
    /** Submitted for review by the territory's other coordinators. */
    'case_study.submitted': { title: string };
    /** Approved by a coordinator other than its author and submitter. */
    'case_study.approved': { title: string };
    /** Returned to its author, with the reviewer's comment. */
    'case_study.returned': { title: string; comment: string; authorId: string | null };
    /** Published to the national centre (national bodies are told). */
    'case_study.published': { title: string; territoryName: string };
    /** Withdrawn from the national centre (back to approved). */
    'case_study.unpublished': { title: string };
  }
}

export {};
