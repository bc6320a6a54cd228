import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RUNTIME_ROLE } from './helpers.js';

/**
 * Demo territories (`territories.demo`): a clearly labelled workspace of
 * generated content, left out of the observatory unless asked. The runtime
 * role may not delete territories; `maillage_delete_demo_territory` deletes
 * one that is a demo (its tenant rows go with it, by cascade), and the demo
 * accounts it names once they belong to no territory. Nothing else.
 */
export class DemoTerritory1763800000021 implements MigrationInterface {
  name = 'DemoTerritory1763800000021';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`alter table territories add column demo boolean not null default false`);
    await db.query(`create index territories_demo_idx on territories (id) where demo`);
    await db.query(`
      create function maillage_delete_demo_territory(target uuid, demo_emails text[]) returns boolean
      language plpgsql security definer set search_path = pg_catalog, public as $$
      declare
        found boolean;
        account uuid;
      begin
        delete from territories where id = target and demo returning true into found;
        for account in
          select u.id from users u
          where u.email = any(demo_emails) and not exists (select 1 from memberships m where m.user_id = u.id)
        loop
          begin
            delete from refresh_tokens where user_id = account;
            delete from password_tokens where user_id = account;
            delete from users where id = account;
          exception when foreign_key_violation then
            null; -- still referenced elsewhere: the account stays.
          end;
        end loop;
        return coalesce(found, false);
      end $$`);
    await db.query(`revoke all on function maillage_delete_demo_territory(uuid, text[]) from public`);
    await db.query(`grant execute on function maillage_delete_demo_territory(uuid, text[]) to ${RUNTIME_ROLE}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`drop function maillage_delete_demo_territory(uuid, text[])`);
    await db.query(`alter table territories drop column demo`);
  }
}
