import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RUNTIME_ROLE } from './helpers.js';

/**
 * Demo territories (`territories.demo`): a clearly labelled workspace of
 * generated content, left out of the observatory unless asked. The runtime
 * role may not delete territories; `maillage_delete_demo_territory` deletes
 * one that is a demo (its tenant rows go with it, by cascade), and the demo
 * accounts it names once they belong to no territory. Nothing else.
 */
export class DemoTerritory1763800000022 implements MigrationInterface {
  name = 'DemoTerritory1763800000022';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`alter table territories add column demo boolean not null default false`);
    await db.query(`create index territories_demo_idx on territories (id) where demo`);
    await db.query(`
      create function maillage_delete_demo_territory(target uuid, demo_emails text[]) returns boolean
      language plpgsql security definer set search_path = pg_catalog, public as $$
      declare
        is_demo boolean;
        account uuid;
      begin
        select exists (select 1 from territories where id = target and demo) into is_demo;
        if is_demo then
          -- What refers to actors and actions without a cascade goes first (one cascade from the
          -- territory alone would meet those rows in no particular order). Row security binds the
          -- function's owner too: the caller runs it in the demo territory's transaction.
          delete from alliance_evaluations where territory_id = target;
          delete from alliance_agreements where territory_id = target;
          delete from alliance_parties where territory_id = target;
          delete from alliances where territory_id = target;
          delete from action_participants where territory_id = target;
          delete from actions where territory_id = target;
          delete from profile_edits where territory_id = target;
          delete from profile_change_requests where territory_id = target;
          delete from link_requests where territory_id = target;
          delete from join_requests where territory_id = target;
          delete from invitations where territory_id = target;
          delete from memberships where territory_id = target;
          update actors set merged_into = null where territory_id = target and merged_into is not null;
          delete from actors where territory_id = target;
          delete from territories where id = target and demo;
        end if;
        for account in
          select u.id from users u
          -- Only the demo's own accounts: its domain, never an administrator, whatever the caller passes.
          where u.email = any(demo_emails)
            and u.email like '%@demo.maillage.example'
            and u.global_role is distinct from 'platform_admin'
            and not exists (select 1 from memberships m where m.user_id = u.id)
        loop
          begin
            delete from refresh_tokens where user_id = account;
            delete from password_tokens where user_id = account;
            delete from users where id = account;
          exception when foreign_key_violation then
            null; -- still referenced elsewhere: the account stays.
          end;
        end loop;
        return is_demo;
      end $$`);
    await db.query(`revoke all on function maillage_delete_demo_territory(uuid, text[]) from public`);
    await db.query(`grant execute on function maillage_delete_demo_territory(uuid, text[]) to ${RUNTIME_ROLE}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`drop function maillage_delete_demo_territory(uuid, text[])`);
    await db.query(`alter table territories drop column demo`);
  }
}
