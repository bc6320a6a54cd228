import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RUNTIME_ROLE } from './helpers.js';

/**
 * The rows the access check reads (`maillage_access`, migration 1763800000061), with what in each
 * can change its answer for a caller it has already let in. Each such change bumps `access_epoch`.
 */
const WATCHED: { table: string; update: string; delete: string | null; insert: boolean }[] = [
  {
    table: 'users',
    update: `old.id is distinct from new.id or old.email is distinct from new.email
             or old.global_role is distinct from new.global_role
             or old.password_changed_at is distinct from new.password_changed_at`,
    delete: 'true',
    insert: false,
  },
  {
    // A rotation only sets `used_at` (the family stays open): it bumps nothing.
    table: 'refresh_tokens',
    update: `old.revoked_at is distinct from new.revoked_at or old.family_id is distinct from new.family_id
             or old.user_id is distinct from new.user_id`,
    delete: 'old.revoked_at is null',
    insert: false,
  },
  { table: 'territories', update: 'old.id is distinct from new.id', delete: 'true', insert: false },
  {
    table: 'memberships',
    update: `old.territory_id is distinct from new.territory_id or old.user_id is distinct from new.user_id
             or old.role is distinct from new.role or old.actor_id is distinct from new.actor_id`,
    delete: 'true',
    insert: true,
  },
];

/**
 * A counter of the changes that can take away (or alter) an access the check once granted: so the
 * API can keep the check's answer for a caller, session and territory, and reuse it while the
 * counter has not moved (`AccessDecisions`), instead of running the check on every request.
 *
 * Exact, across any number of API processes: each request still reads the counter, in the same
 * statement position (and so the same kind of snapshot) as the check it replaces, and a change and
 * its bump commit together (the bump is a constraint trigger deferred to the COMMIT, so the
 * counter's row is locked only while committing). A snapshot that reads epoch e sees exactly the
 * changes counted up to e: an answer computed at e is the answer the check would give again.
 *
 * What bumps: a change to an account's id, address, global role or password date, or its removal;
 * a session token's revocation (or un-revocation) or the removal of an unrevoked one; a territory's
 * removal; any membership's creation, removal or change of role or organisation; a TRUNCATE of any of
 * these. What does not: new accounts, new sessions and their rotations, new territories, which can
 * only open an access the API never keeps as refused (it keeps only answers that let the caller in
 * with an open session in an existing territory).
 *
 * Two consequences to keep in mind. The counter's row is the last lock a bumping transaction takes at
 * its COMMIT, after the graph's revision row (migration 1763800000064): a path that changes a
 * membership must not also wait, later in the same COMMIT, for something another committing
 * transaction holds. And a database restored from a backup (or this migration reverted and run again)
 * starts the counter over: restart the API processes then, as their kept answers were read at
 * epochs the counter may reach again.
 */
export class AccessEpoch1763800000066 implements MigrationInterface {
  name = 'AccessEpoch1763800000066';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create table access_epoch (
        singleton boolean primary key default true check (singleton),
        value bigint not null default 0
      )`);
    await db.query(`insert into access_epoch default values`);
    await db.query(`grant select on access_epoch to ${RUNTIME_ROLE}`);
    // Security definer: the runtime role reads the counter, never writes it but through these triggers.
    await db.query(`
      create function access_epoch_bump() returns trigger
        language plpgsql security definer set search_path = pg_catalog, public as $$
      begin
        update access_epoch set value = value + 1;
        return null;
      end $$`);
    await db.query(`revoke all on function access_epoch_bump() from public`);
    for (const { table, update, delete: deleted, insert } of WATCHED) {
      await db.query(`
        create constraint trigger ${table}_access_epoch_update after update on ${table}
        deferrable initially deferred for each row when (${update}) execute function access_epoch_bump()`);
      if (deleted)
        await db.query(`
          create constraint trigger ${table}_access_epoch_delete after delete on ${table}
          deferrable initially deferred for each row when (${deleted}) execute function access_epoch_bump()`);
      if (insert)
        await db.query(`
          create constraint trigger ${table}_access_epoch_insert after insert on ${table}
          deferrable initially deferred for each row execute function access_epoch_bump()`);
      await db.query(`
        create trigger ${table}_access_epoch_truncate after truncate on ${table}
        for each statement execute function access_epoch_bump()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const { table } of WATCHED) {
      for (const kind of ['update', 'delete', 'insert', 'truncate'])
        await db.query(`drop trigger if exists ${table}_access_epoch_${kind} on ${table}`);
    }
    await db.query(`drop function access_epoch_bump()`);
    await db.query(`drop table access_epoch`);
  }
}
