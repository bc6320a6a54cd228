import type { MigrationInterface, QueryRunner } from 'typeorm';
import { makeTenantTable, RUNTIME_ROLE } from './helpers.js';

/**
 * Accounts, territories (the tenants), memberships, invitations, sessions,
 * login throttling and the audit log.
 */
export class IdentityAndTenancy1763800000001 implements MigrationInterface {
  name = 'IdentityAndTenancy1763800000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create table users (
        id uuid primary key default gen_random_uuid(),
        email text not null check (email = lower(email) and length(email) between 3 and 254),
        name text not null check (length(name) between 1 and 200),
        password_hash text,
        global_role text check (global_role in ('platform_admin', 'observer')),
        password_changed_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await db.query(`create unique index users_email_key on users (email)`);
    await db.query(`create index users_global_role_idx on users (global_role) where global_role is not null`);
    await db.query(`grant select, insert, update on users to ${RUNTIME_ROLE}`);

    await db.query(`
      create table territories (
        id uuid primary key default gen_random_uuid(),
        kind text not null check (kind in ('region', 'departement', 'epci', 'commune', 'custom')),
        code text,
        name text not null check (length(name) between 1 and 200),
        population integer check (population >= 0),
        region_codes text[] not null default '{}',
        departement_codes text[] not null default '{}',
        epci_code text,
        commune_count integer not null default 0,
        created_by uuid references users (id),
        created_at timestamptz not null default now(),
        check ((kind = 'custom') = (code is null))
      )`);
    await db.query(`create unique index territories_kind_code_key on territories (kind, code) where code is not null`);
    await db.query(`grant select, insert, update on territories to ${RUNTIME_ROLE}`);

    // Tenant tables: every one keyed by territory_id, its foreign keys and unique indexes include it.
    await db.query(`
      create table territory_communes (
        territory_id uuid not null references territories (id) on delete cascade,
        commune_code text not null check (commune_code ~ '^[0-9][0-9AB][0-9]{3}$'),
        primary key (territory_id, commune_code)
      )`);
    await makeTenantTable(db, 'territory_communes', 'select, insert, delete');

    await db.query(`
      create table memberships (
        territory_id uuid not null references territories (id) on delete cascade,
        user_id uuid not null references users (id),
        role text not null check (role in ('coordinator', 'member')),
        created_by uuid references users (id),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (territory_id, user_id)
      )`);
    await db.query(`create index memberships_user_idx on memberships (user_id)`);
    await makeTenantTable(db, 'memberships', 'select, insert, update, delete');
    // A signed-in user may read their own memberships in every territory (for
    // /me and the list of their workspaces): reading only, only their own, and
    // only outside any territory — inside one, the territory policy alone applies.
    await db.query(`
      create policy memberships_own_rows on memberships for select
      using (
        nullif(current_setting('app.territory_id', true), '') is null
        and user_id = nullif(current_setting('app.user_id', true), '')::uuid
      )`);

    await db.query(`
      create table invitations (
        id uuid not null default gen_random_uuid(),
        territory_id uuid not null references territories (id) on delete cascade,
        email text not null check (email = lower(email) and length(email) between 3 and 254),
        role text not null check (role in ('coordinator', 'member')),
        token_hash text not null,
        invited_by uuid not null references users (id),
        expires_at timestamptz not null,
        accepted_at timestamptz,
        accepted_by uuid references users (id),
        revoked_at timestamptz,
        created_at timestamptz not null default now(),
        primary key (territory_id, id)
      )`);
    await db.query(`create unique index invitations_token_key on invitations (territory_id, token_hash)`);
    await makeTenantTable(db, 'invitations', 'select, insert, update');

    await db.query(`
      create table audit_log (
        territory_id uuid not null references territories (id) on delete cascade,
        id bigint generated always as identity,
        occurred_at timestamptz not null default now(),
        actor_user_id uuid references users (id),
        entity text not null,
        entity_id text not null,
        action text not null,
        changes jsonb not null default '{}',
        request_id text,
        primary key (territory_id, id)
      )`);
    await db.query(`create index audit_log_entity_idx on audit_log (territory_id, entity, id)`);
    await db.query(`create index audit_log_actor_idx on audit_log (territory_id, actor_user_id, id)`);
    // Append-only: the runtime role may add entries and read them, never change or remove them.
    await makeTenantTable(db, 'audit_log', 'select, insert');

    await db.query(`
      create table refresh_tokens (
        id uuid primary key default gen_random_uuid(),
        user_id uuid not null references users (id),
        family_id uuid not null,
        token_hash text not null,
        expires_at timestamptz not null,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz not null default now()
      )`);
    await db.query(`create unique index refresh_tokens_hash_key on refresh_tokens (token_hash)`);
    await db.query(`create index refresh_tokens_family_idx on refresh_tokens (family_id)`);
    await db.query(`create index refresh_tokens_user_idx on refresh_tokens (user_id)`);
    await db.query(`grant select, insert, update on refresh_tokens to ${RUNTIME_ROLE}`);

    await db.query(`
      create table password_tokens (
        id uuid primary key default gen_random_uuid(),
        user_id uuid not null references users (id),
        purpose text not null check (purpose in ('reset', 'setup')),
        token_hash text not null,
        expires_at timestamptz not null,
        used_at timestamptz,
        created_at timestamptz not null default now()
      )`);
    await db.query(`create unique index password_tokens_hash_key on password_tokens (token_hash)`);
    await db.query(`grant select, insert, update on password_tokens to ${RUNTIME_ROLE}`);

    // Fixed-window counters for login throttling when Redis is absent.
    await db.query(`
      create table rate_limits (
        key text primary key check (length(key) <= 300),
        hits integer not null,
        window_ends_at timestamptz not null
      )`);
    await db.query(`create index rate_limits_window_idx on rate_limits (window_ends_at)`);
    await db.query(`grant select, insert, update, delete on rate_limits to ${RUNTIME_ROLE}`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'rate_limits',
      'password_tokens',
      'refresh_tokens',
      'audit_log',
      'invitations',
      'memberships',
      'territory_communes',
      'territories',
      'users',
    ]) {
      await db.query(`drop table ${table}`);
    }
  }
}
