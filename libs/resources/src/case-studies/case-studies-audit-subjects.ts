import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AuditSubjects, namedRows } from '@maillage/platform';

/** How the audit log names a territory's case studies (and their consents): by their title. */
@Injectable()
export class CaseStudiesAuditSubjects implements OnModuleInit {
  constructor(private readonly subjects: AuditSubjects) {}

  onModuleInit(): void {
    const byTitle = (db: Parameters<typeof namedRows>[0], ids: string[]) =>
      namedRows(db, `select id::text as id, title as name from case_studies where id::text = any($1::text[])`, ids);
    this.subjects.register('case_study', byTitle);
    this.subjects.register('case_study_consent', byTitle);
  }
}
