import type { MigrationInterface, QueryRunner } from 'typeorm';
import { makeTenantTable } from './helpers.js';

/**
 * Join requests from a new address wait for the address to be confirmed (JoinService): the
 * person's name, address, password hash and request are kept here, under a one-time token's
 * hash and the hash of the join link they came through, until they open the link mailed to them
 * and give their password again (then the account and the request are created and the row is
 * deleted), the join link changes, too many wrong passwords are given, or it expires (rows long
 * expired are deleted as new ones come). A tenant table: the request is to the territory.
 */
export class JoinConfirmations1763800000065 implements MigrationInterface {
  name = 'JoinConfirmations1763800000065';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create table join_confirmations (
        territory_id uuid not null references territories (id) on delete cascade,
        id uuid not null default gen_random_uuid(),
        token_hash text not null unique,
        link_hash text not null,
        email text not null check (length(email) between 3 and 320),
        name text not null check (length(name) between 1 and 200),
        password_hash text not null,
        request jsonb not null,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        failed_attempts integer not null default 0,
        primary key (territory_id, id)
      )`);
    await db.query(`create index join_confirmations_expiry_idx on join_confirmations (territory_id, expires_at)`);
    await makeTenantTable(db, 'join_confirmations', 'select, insert, update, delete');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`drop table join_confirmations`);
  }
}
