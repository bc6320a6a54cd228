import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AuditSubjects, namedRows } from '@maillage/platform';

/** How the audit log names a territory's studies: by their title. */
@Injectable()
export class StudiesAuditSubjects implements OnModuleInit {
  constructor(private readonly subjects: AuditSubjects) {}

  onModuleInit(): void {
    this.subjects.register('study', (db, ids) =>
      namedRows(db, `select id::text as id, title as name from studies where id::text = any($1::text[])`, ids),
    );
  }
}
