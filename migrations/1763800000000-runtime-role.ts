import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The runtime role and the first global table.
 *
 * `maillage_app` owns nothing, cannot log in, has no BYPASSRLS: the
 * application switches to it inside every transaction, so row policies apply
 * to every request. Roles are cluster-wide: creating it tolerates an existing
 * one (another database of the cluster, a concurrent migrator).
 */
export class RuntimeRole1763800000000 implements MigrationInterface {
  name = 'RuntimeRole1763800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      do $$
      begin
        if not exists (select from pg_roles where rolname = 'maillage_app') then
          create role maillage_app nologin nosuperuser nocreatedb nocreaterole noreplication nobypassrls;
        end if;
      exception when duplicate_object or unique_violation then null;
      end $$`);
    // Refuse to go on with a role someone widened by hand.
    await db.query(`
      do $$
      begin
        if exists (select from pg_roles where rolname = 'maillage_app'
                   and (rolsuper or rolbypassrls or rolcreaterole or rolcreatedb)) then
          raise exception 'role maillage_app must not be superuser, bypass row security or create roles/databases';
        end if;
        if not pg_has_role(current_user, 'maillage_app', 'MEMBER') then
          execute format('grant maillage_app to %I', current_user);
        end if;
      end $$`);
    await db.query(`revoke create on schema public from public`);
    await db.query(`grant usage on schema public to maillage_app`);

    // Workers record that they are alive, so readiness can say whether jobs will run.
    await db.query(`
      create table worker_heartbeats (
        worker_id text primary key check (length(worker_id) between 1 and 200),
        hostname text not null,
        pid integer not null,
        queues text[] not null,
        started_at timestamptz not null default now(),
        last_seen_at timestamptz not null default now()
      )`);
    await db.query(`grant select, insert, update, delete on worker_heartbeats to maillage_app`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`drop table worker_heartbeats`);
    await db.query(`revoke usage on schema public from maillage_app`);
    // The role is cluster-wide: drop it only when no other database still uses it.
    await db.query(`
      do $$
      begin
        drop role maillage_app;
      exception when dependent_objects_still_exist or object_in_use then
        raise notice 'role maillage_app kept: still used elsewhere in the cluster';
      end $$`);
  }
}
