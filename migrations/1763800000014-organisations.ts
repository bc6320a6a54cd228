import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CURRENT_TERRITORY, makeTenantTable } from './helpers.js';

/** The caller pinned in the transaction (`app.user_id`), for the own-rows policy. */
const CURRENT_USER = `nullif(current_setting('app.user_id', true), '')::uuid`;

const REVIEW_COLUMNS = `
        status text not null default 'pending' check (status in ('pending', 'accepted', 'refused')),
        reason text check (length(reason) <= 2000),
        created_at timestamptz not null default now(),
        reviewed_at timestamptz,
        reviewed_by uuid references users (id) on delete set null,
        check ((status = 'pending') = (reviewed_at is null)),
        check (status <> 'refused' or length(reason) >= 1)`;

/**
 * Organisations run their own part:
 * - `invitations.actor_id`: the organisation a member is invited to act for;
 * - `join_links`: a territory's open join link (its token's hash; one per territory);
 * - `join_requests`: someone without a membership asks to join through the link,
 *   for an existing actor or one they describe; the requester reads their own
 *   requests across territories (outside any territory, only their rows);
 * - `link_requests`: a member without an organisation asks to be linked to one;
 * - `profile_change_requests`: identity or counted fields of an organisation's
 *   profile a member changed, awaiting a coordinator;
 * - `alliance_agreements`: each party's agreement to make an alliance active.
 */
export class Organisations1763800000014 implements MigrationInterface {
  name = 'Organisations1763800000014';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`alter table invitations add column actor_id uuid`);
    await db.query(
      `alter table invitations add constraint invitations_actor_fk
       foreign key (territory_id, actor_id) references actors (territory_id, id)`,
    );

    await db.query(`
      create table join_links (
        territory_id uuid not null primary key references territories (id) on delete cascade,
        token_hash text not null,
        opened_by uuid references users (id) on delete set null,
        opened_at timestamptz not null default now(),
        closed_at timestamptz
      )`);
    await db.query(`create unique index join_links_token_key on join_links (territory_id, token_hash)`);
    await makeTenantTable(db, 'join_links', 'select, insert, update');

    await db.query(`
      create table join_requests (
        territory_id uuid not null references territories (id) on delete cascade,
        id uuid not null default gen_random_uuid(),
        user_id uuid not null references users (id) on delete cascade,
        actor_id uuid,
        new_actor jsonb,
        message text not null default '' check (length(message) <= 2000),
        ${REVIEW_COLUMNS},
        primary key (territory_id, id),
        foreign key (territory_id, actor_id) references actors (territory_id, id),
        check (actor_id is not null or new_actor is not null)
      )`);
    await db.query(
      `create unique index join_requests_pending_key on join_requests (territory_id, user_id) where status = 'pending'`,
    );
    await db.query(`create index join_requests_user_idx on join_requests (user_id, created_at desc)`);
    await makeTenantTable(db, 'join_requests', 'select, insert, update');
    // The requester reads their own requests (pending, refused) outside any territory: they have no membership yet.
    await db.query(`
      create policy join_requests_own_rows on join_requests for select
      using (${CURRENT_TERRITORY} is null and user_id = ${CURRENT_USER})`);

    await db.query(`
      create table link_requests (
        territory_id uuid not null references territories (id) on delete cascade,
        id uuid not null default gen_random_uuid(),
        user_id uuid not null references users (id) on delete cascade,
        actor_id uuid,
        description text not null default '' check (length(description) <= 2000),
        message text not null default '' check (length(message) <= 2000),
        ${REVIEW_COLUMNS},
        primary key (territory_id, id),
        foreign key (territory_id, actor_id) references actors (territory_id, id),
        check (actor_id is not null or length(description) >= 1)
      )`);
    await db.query(
      `create unique index link_requests_pending_key on link_requests (territory_id, user_id) where status = 'pending'`,
    );
    await makeTenantTable(db, 'link_requests', 'select, insert, update');

    await db.query(`
      create table profile_change_requests (
        territory_id uuid not null references territories (id) on delete cascade,
        id uuid not null default gen_random_uuid(),
        actor_id uuid not null,
        requested_by uuid references users (id) on delete set null,
        changes jsonb not null check (jsonb_typeof(changes) = 'object'),
        base_version integer not null,
        ${REVIEW_COLUMNS},
        primary key (territory_id, id),
        foreign key (territory_id, actor_id) references actors (territory_id, id)
      )`);
    await db.query(
      `create index profile_change_requests_actor_idx on profile_change_requests (territory_id, actor_id, created_at desc)`,
    );
    await makeTenantTable(db, 'profile_change_requests', 'select, insert, update');

    await db.query(`
      create table alliance_agreements (
        territory_id uuid not null references territories (id) on delete cascade,
        alliance_id uuid not null,
        actor_id uuid not null,
        agreed_at timestamptz not null default now(),
        agreed_by uuid references users (id) on delete set null,
        on_behalf boolean not null default false,
        primary key (territory_id, alliance_id, actor_id),
        foreign key (territory_id, alliance_id) references alliances (territory_id, id) on delete cascade,
        foreign key (territory_id, actor_id) references actors (territory_id, id)
      )`);
    await makeTenantTable(db, 'alliance_agreements', 'select, insert, update, delete');
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'alliance_agreements',
      'profile_change_requests',
      'link_requests',
      'join_requests',
      'join_links',
    ]) {
      await db.query(`drop table ${table}`);
    }
    await db.query(`alter table invitations drop constraint invitations_actor_fk`);
    await db.query(`alter table invitations drop column actor_id`);
  }
}
