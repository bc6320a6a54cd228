import type { MigrationInterface, QueryRunner } from 'typeorm';
import { makeTenantTable } from './helpers.js';

/** The subjects a thread may be about, and the table each one lives in. */
const SUBJECTS = { alliance: 'alliances', action: 'actions', priority: 'priorities' } as const;

/**
 * Discussion where the work is: `comments`, the messages of the thread of an
 * alliance, an action or a priority (enjeu). A message keeps its author (and
 * the organisation they acted for, a member's), the people it mentions, and,
 * once deleted, who deleted it and when (its body is erased). A thread goes
 * with its subject: deleting an action, a priority or an alliance deletes its
 * messages (a trigger, as the subject is not a foreign key).
 */
export class Discussion1763800000013 implements MigrationInterface {
  name = 'Discussion1763800000013';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create table comments (
        territory_id uuid not null references territories (id) on delete cascade,
        id uuid not null default gen_random_uuid(),
        subject_type text not null check (subject_type in ('alliance', 'action', 'priority')),
        subject_id uuid not null,
        author_id uuid references users (id) on delete set null,
        author_actor_id uuid,
        body text not null check (length(body) <= 5000),
        mention_ids uuid[] not null default '{}',
        created_at timestamptz not null default now(),
        edited_at timestamptz,
        deleted_at timestamptz,
        deleted_by uuid references users (id) on delete set null,
        primary key (territory_id, id),
        check ((deleted_at is null and length(body) >= 1) or (deleted_at is not null and body = ''))
      )`);
    await db.query(
      `create index comments_subject_idx on comments (territory_id, subject_type, subject_id, created_at, id)`,
    );
    await makeTenantTable(db, 'comments', 'select, insert, update, delete');
    await db.query(`
      create function comments_forget_subject() returns trigger language plpgsql as $$
      begin
        delete from comments
         where territory_id = old.territory_id and subject_type = tg_argv[0] and subject_id = old.id;
        return old;
      end
      $$`);
    for (const [type, table] of Object.entries(SUBJECTS)) {
      await db.query(
        `create trigger ${table}_forget_comments after delete on ${table}
         for each row execute function comments_forget_subject('${type}')`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of Object.values(SUBJECTS)) {
      await db.query(`drop trigger ${table}_forget_comments on ${table}`);
    }
    await db.query(`drop function comments_forget_subject()`);
    await db.query(`drop table comments`);
  }
}
