import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AuditSubjects, namedRows } from '@maillage/platform';

/** How the audit log names a territory's resources: by their title. */
@Injectable()
export class ResourcesAuditSubjects implements OnModuleInit {
  constructor(private readonly subjects: AuditSubjects) {}

  onModuleInit(): void {
    this.subjects.register('resource', (db, ids) =>
      namedRows(db, `select id::text as id, title as name from resources where id::text = any($1::text[])`, ids),
    );
  }
}
