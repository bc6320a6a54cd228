import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The access guard's check (the caller's account, whether their session is still open, whether the
 * territory exists, their membership of it) as a function, so that it can travel in the same round
 * trip as the transaction's start and settings (a simple-protocol query of several statements,
 * `Transactions.open`) and still be planned once per connection: PL/pgSQL keeps the plan of its
 * query for the session, where the same SQL inlined in a simple query would be parsed and planned
 * on every request. Security invoker (the default): it runs as the runtime role, under the row
 * policies, exactly as the statement it replaces (`MembershipsRepository.access`).
 */
export class AccessCheckFunction1763800000061 implements MigrationInterface {
  name = 'AccessCheckFunction1763800000061';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create function maillage_access(target_territory uuid, caller uuid, session uuid)
        returns table (id uuid, email text, global_role text, password_changed_at timestamptz,
                       session_open boolean, territory_exists boolean, role text, actor_id uuid)
        language plpgsql stable as $$
      begin
        return query
          select u.id, u.email, u.global_role, u.password_changed_at,
                 exists (select 1 from refresh_tokens s
                         where s.family_id = session and s.user_id = u.id and s.revoked_at is null),
                 exists (select 1 from territories t where t.id = target_territory),
                 m.role, m.actor_id
          from (select 1) one
          left join users u on u.id = caller
          left join memberships m on m.user_id = u.id;
      end $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`drop function maillage_access(uuid, uuid, uuid)`);
  }
}
