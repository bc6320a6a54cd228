import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AuditSubjects, namedRows, type Db } from '@maillage/platform';

/** How the audit log names the territory, its members and its invitations. */
@Injectable()
export class TerritoriesAuditSubjects implements OnModuleInit {
  constructor(private readonly subjects: AuditSubjects) {}

  onModuleInit(): void {
    const territory = (db: Db, ids: string[]) =>
      namedRows(db, `select id::text as id, name from territories where id::text = any($1::text[])`, ids);
    this.subjects.register('territory', territory);
    this.subjects.register('observatory_sharing', territory);
    this.subjects.register('join_link', territory);
    // A membership's entity id is its user's.
    this.subjects.register('membership', (db, ids) =>
      namedRows(db, `select id::text as id, name from users where id::text = any($1::text[])`, ids),
    );
    this.subjects.register('invitation', (db, ids) =>
      namedRows(db, `select id::text as id, email as name from invitations where id::text = any($1::text[])`, ids),
    );
  }
}
