import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AuditSubjects, type Db } from '@maillage/platform';

/** Rows as (id, name), for the ids asked. */
async function named(db: Db, sql: string, ids: string[]): Promise<Map<string, string>> {
  const rows: { id: string; name: string }[] = await db.query(sql, [ids]);
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** How the audit log names the territory, its members and its invitations. */
@Injectable()
export class TerritoriesAuditSubjects implements OnModuleInit {
  constructor(private readonly subjects: AuditSubjects) {}

  onModuleInit(): void {
    const territory = (db: Db, ids: string[]) =>
      named(db, `select id::text as id, name from territories where id::text = any($1::text[])`, ids);
    this.subjects.register('territory', territory);
    this.subjects.register('observatory_sharing', territory);
    this.subjects.register('join_link', territory);
    // A membership's entity id is its user's.
    this.subjects.register('membership', (db, ids) =>
      named(db, `select id::text as id, name from users where id::text = any($1::text[])`, ids),
    );
    this.subjects.register('invitation', (db, ids) =>
      named(db, `select id::text as id, email as name from invitations where id::text = any($1::text[])`, ids),
    );
  }
}
