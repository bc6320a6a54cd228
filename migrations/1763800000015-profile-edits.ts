import type { MigrationInterface, QueryRunner } from 'typeorm';
import { makeTenantTable } from './helpers.js';

/**
 * `profile_edits`: the public fields of an organisation's profile a member
 * changed (applied at once), each field's value before and after, and who:
 * with the reviewed changes (`profile_change_requests`) they make the
 * profile's part of the actor's timeline. Append-only for the runtime role.
 */
export class ProfileEdits1763800000015 implements MigrationInterface {
  name = 'ProfileEdits1763800000015';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create table profile_edits (
        territory_id uuid not null references territories (id) on delete cascade,
        id uuid not null default gen_random_uuid(),
        actor_id uuid not null,
        edited_by uuid references users (id) on delete set null,
        changes jsonb not null check (jsonb_typeof(changes) = 'object'),
        created_at timestamptz not null default now(),
        primary key (territory_id, id),
        foreign key (territory_id, actor_id) references actors (territory_id, id)
      )`);
    await db.query(`create index profile_edits_actor_idx on profile_edits (territory_id, actor_id, created_at desc)`);
    await makeTenantTable(db, 'profile_edits', 'select, insert');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`drop table profile_edits`);
  }
}
