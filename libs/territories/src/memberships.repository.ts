import { Injectable } from '@nestjs/common';
import type { Db, GlobalRole, TerritoryRole, UuidStatement } from '@maillage/platform';

export interface MemberRow {
  user_id: string;
  email: string;
  name: string;
  role: TerritoryRole;
  actor_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The caller's account, the territory's existence and the caller's membership, in one row. */
export interface AccessRow {
  id: string | null;
  email: string | null;
  global_role: GlobalRole | null;
  password_changed_at: Date | null;
  session_open: boolean | null;
  territory_exists: boolean;
  role: TerritoryRole | null;
  actor_id: string | null;
}

export interface MyMembershipRow {
  territory_id: string;
  name: string;
  kind: string;
  code: string | null;
  role: TerritoryRole;
  actor_id: string | null;
}

const MEMBER_SELECT = `select m.user_id, u.email, u.name, m.role, m.actor_id, m.created_at, m.updated_at
  from memberships m join users u on u.id = m.user_id`;

/** SQL of the territory's memberships. */
@Injectable()
export class MembershipsRepository {
  /**
   * The access check's statement (the caller's account and session, the territory's existence, the
   * caller's membership: migration 1763800000061), for the round trip that opens the request's
   * transaction (`Transactions.open`): its parameters are the checked uuids of the route and token.
   */
  accessStatement(territoryId: string, userId: string, sessionId: string): UuidStatement {
    return {
      text: 'select e.value::text as epoch, a.* from maillage_access($1, $2, $3) a, access_epoch e',
      values: [territoryId, userId, sessionId],
    };
  }

  /** The access epoch alone (migration 1763800000066), when an answer read at some epoch is kept. */
  epochStatement(): UuidStatement {
    return { text: 'select value::text as epoch from access_epoch', values: [] };
  }

  /** Every membership of the user, with its territory, by territory name. */
  async ofUser(db: Db, userId: string): Promise<MyMembershipRow[]> {
    return db.query(
      `select m.territory_id, t.name, t.kind, t.code, m.role, m.actor_id
         from memberships m join territories t on t.id = m.territory_id
         where m.user_id = $1 order by t.name`,
      [userId],
    );
  }

  async page(
    db: Db,
    afterEmail: string | number | null,
    role: TerritoryRole | null,
    take: number,
  ): Promise<MemberRow[]> {
    return db.query(
      `${MEMBER_SELECT}
       where ($1::text is null or u.email > $1) and ($2::text is null or m.role = $2)
       order by u.email limit $3`,
      [afterEmail, role, take],
    );
  }

  async find(db: Db, userId: string): Promise<MemberRow | undefined> {
    const rows: MemberRow[] = await db.query(`${MEMBER_SELECT} where m.user_id = $1`, [userId]);
    return rows[0];
  }

  async lock(db: Db, userId: string): Promise<MemberRow | undefined> {
    const rows: MemberRow[] = await db.query(`${MEMBER_SELECT} where m.user_id = $1 for update of m`, [userId]);
    return rows[0];
  }

  async upsert(db: Db, userId: string, role: TerritoryRole, createdBy: string | null): Promise<void> {
    await db.query(
      `insert into memberships (user_id, role, created_by)
       values ($1, $2, $3)
       on conflict (territory_id, user_id) do update set role = excluded.role, updated_at = now()`,
      [userId, role, createdBy],
    );
  }

  /** Whether the address belongs to a member of the territory. */
  async hasMemberWithEmail(db: Db, email: string): Promise<boolean> {
    const members: unknown[] = await db.query(
      `select 1 from memberships m join users u on u.id = m.user_id where u.email = $1`,
      [email],
    );
    return members.length > 0;
  }

  async roleOf(db: Db, userId: string): Promise<TerritoryRole | undefined> {
    const current: { role: TerritoryRole }[] = await db.query(`select role from memberships where user_id = $1`, [
      userId,
    ]);
    return current[0]?.role;
  }

  async activeActorExists(db: Db, actorId: string): Promise<boolean> {
    const actors: unknown[] = await db.query(`select 1 from actors where id = $1 and archived_at is null`, [actorId]);
    return actors.length > 0;
  }

  async update(db: Db, userId: string, role: TerritoryRole, actorId: string | null): Promise<MemberRow> {
    const rows: MemberRow[] = await db.query(
      `with changed as (
         update memberships set role = $2, actor_id = $3, updated_at = now() where user_id = $1 returning *
       )
       select c.user_id, u.email, u.name, c.role, c.actor_id, c.created_at, c.updated_at
       from changed c join users u on u.id = c.user_id`,
      [userId, role, actorId],
    );
    return rows[0] as MemberRow;
  }

  /** Links a membership to the organisation it acts for (the actor was checked). */
  async setActor(db: Db, userId: string, actorId: string): Promise<void> {
    await db.query(`update memberships set actor_id = $2, updated_at = now() where user_id = $1`, [userId, actorId]);
  }

  async delete(db: Db, userId: string): Promise<void> {
    await db.query(`delete from memberships where user_id = $1`, [userId]);
  }

  /** Whether a coordinator other than the user exists (locking it). */
  async lockOtherCoordinator(db: Db, userId: string): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `select 1 from memberships where role = 'coordinator' and user_id <> $1 limit 1 for update`,
      [userId],
    );
    return rows.length > 0;
  }
}
