import { Injectable } from '@nestjs/common';
import {
  AuditLog,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  notFound,
  DomainError,
  toPage,
  Transactions,
  type GlobalRole,
  type Page,
  type TerritoryRole,
  type Db,
} from '@maillage/platform';
import { sessionOpenSql, type TokenAccount, type TokenSubject } from '@maillage/identity';

export interface MemberView {
  userId: string;
  email: string;
  name: string;
  role: TerritoryRole;
  /** The organisation the member acts for. */
  actorId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MyMembership {
  territoryId: string;
  territoryName: string;
  territoryKind: string;
  territoryCode: string | null;
  role: TerritoryRole;
  /** The organisation a member acts for (members only; null when not linked yet). */
  actorId: string | null;
}

interface MemberRow {
  user_id: string;
  email: string;
  name: string;
  role: TerritoryRole;
  actor_id: string | null;
  created_at: Date;
  updated_at: Date;
}

function memberView(row: MemberRow): MemberView {
  return {
    userId: row.user_id,
    email: row.email,
    name: row.name,
    role: row.role,
    actorId: row.actor_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const MEMBER_SELECT = `select m.user_id, u.email, u.name, m.role, m.actor_id, m.created_at, m.updated_at
  from memberships m join users u on u.id = m.user_id`;

@Injectable()
export class MembershipsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
  ) {}

  /**
   * For the access guard, in one statement inside the territory's
   * transaction: the caller's account (to end sessions of removed accounts and
   * changed passwords), whether the territory exists, and the caller's
   * membership there (row security shows this territory's only).
   */
  async accessIn(
    db: Db,
    territoryId: string,
    subject: TokenSubject,
  ): Promise<{
    account: TokenAccount | undefined;
    territoryExists: boolean;
    membership: { role: TerritoryRole; actorId: string | null } | undefined;
  }> {
    const rows: {
      id: string | null;
      email: string | null;
      global_role: GlobalRole | null;
      password_changed_at: Date | null;
      session_open: boolean | null;
      territory_exists: boolean;
      role: TerritoryRole | null;
      actor_id: string | null;
    }[] = await db.query(
      `select u.id, u.email, u.global_role, u.password_changed_at, ${sessionOpenSql('u.id', '$3')} as session_open,
              exists (select 1 from territories where id = $1) as territory_exists, m.role, m.actor_id
       from (select 1) one
       left join users u on u.id = $2
       left join memberships m on m.user_id = u.id`,
      [territoryId, subject.userId, subject.sessionId],
    );
    const row = rows[0];
    return {
      account:
        row?.id && row.email
          ? {
              id: row.id,
              email: row.email,
              globalRole: row.global_role,
              passwordChangedAt: row.password_changed_at,
              sessionOpen: row.session_open === true,
            }
          : undefined,
      territoryExists: row?.territory_exists ?? false,
      membership: row?.role ? { role: row.role, actorId: row.actor_id } : undefined,
    };
  }

  /** Every territory the user belongs to (the own-rows policy lets them read these). */
  async mine(userId: string): Promise<MyMembership[]> {
    const rows: {
      territory_id: string;
      name: string;
      kind: string;
      code: string | null;
      role: TerritoryRole;
      actor_id: string | null;
    }[] = await this.transactions.withoutTerritory('membership.mine', (db) =>
      db.query(
        `select m.territory_id, t.name, t.kind, t.code, m.role, m.actor_id
           from memberships m join territories t on t.id = m.territory_id
           where m.user_id = $1 order by t.name`,
        [userId],
      ),
    );
    return rows.map((row) => ({
      territoryId: row.territory_id,
      territoryName: row.name,
      territoryKind: row.kind,
      territoryCode: row.code,
      role: row.role,
      actorId: row.actor_id,
    }));
  }

  async list(limit = DEFAULT_PAGE_SIZE, cursor?: string, role?: TerritoryRole): Promise<Page<MemberView>> {
    const after = decodeCursor(cursor, { email: 'string' });
    const rows: MemberRow[] = await this.transactions.tenant((db) =>
      db.query(
        `${MEMBER_SELECT}
         where ($1::text is null or u.email > $1) and ($2::text is null or m.role = $2)
         order by u.email limit $3`,
        [after?.email ?? null, role ?? null, limit + 1],
      ),
    );
    return toPage(rows, limit, memberView, (row) => ({ email: row.email }));
  }

  /** Adds or updates a membership inside the caller's transaction (invitation acceptance). */
  async upsertIn(db: Db, userId: string, role: TerritoryRole, createdBy: string | null): Promise<void> {
    const before: MemberRow[] = await db.query(`${MEMBER_SELECT} where m.user_id = $1`, [userId]);
    await db.query(
      `insert into memberships (user_id, role, created_by)
       values ($1, $2, $3)
       on conflict (territory_id, user_id) do update set role = excluded.role, updated_at = now()`,
      [userId, role, createdBy],
    );
    await this.audit.record(db, {
      entity: 'membership',
      entityId: userId,
      action: before[0] ? 'update' : 'create',
      before: before[0] ? { role: before[0].role } : null,
      after: { role },
    });
  }

  /** Changes a member's role and/or the organisation they act for (`actorId` null unlinks). */
  async update(userId: string, changes: { role?: TerritoryRole; actorId?: string | null }): Promise<MemberView> {
    return this.transactions.tenant(async (db) => {
      const before = await this.lockMember(db, userId);
      const role = changes.role ?? before.role;
      const actorId = changes.actorId === undefined ? before.actor_id : changes.actorId;
      if (before.role === 'coordinator' && role !== 'coordinator') await this.assertAnotherCoordinator(db, userId);
      if (actorId) {
        const actors: unknown[] = await db.query(`select 1 from actors where id = $1 and archived_at is null`, [
          actorId,
        ]);
        if (actors.length === 0) {
          throw new DomainError('invalid', {
            code: 'unknown_actor',
            detail: 'Cet acteur n’existe pas dans le territoire.',
            errors: [{ field: 'actorId', message: 'acteur inconnu' }],
          });
        }
      }
      const rows: MemberRow[] = await db.query(
        `with changed as (
           update memberships set role = $2, actor_id = $3, updated_at = now() where user_id = $1 returning *
         )
         select c.user_id, u.email, u.name, c.role, c.actor_id, c.created_at, c.updated_at
         from changed c join users u on u.id = c.user_id`,
        [userId, role, actorId],
      );
      await this.audit.record(db, {
        entity: 'membership',
        entityId: userId,
        action: 'update',
        before: { role: before.role, actorId: before.actor_id },
        after: { role, actorId },
      });
      return memberView(rows[0] as MemberRow);
    });
  }

  async remove(userId: string): Promise<void> {
    await this.transactions.tenant(async (db) => {
      const before = await this.lockMember(db, userId);
      if (before.role === 'coordinator') await this.assertAnotherCoordinator(db, userId);
      await db.query(`delete from memberships where user_id = $1`, [userId]);
      await this.audit.record(db, {
        entity: 'membership',
        entityId: userId,
        action: 'delete',
        before: { role: before.role, email: before.email },
        after: null,
      });
    });
  }

  private async lockMember(db: Db, userId: string): Promise<MemberRow> {
    const rows: MemberRow[] = await db.query(`${MEMBER_SELECT} where m.user_id = $1 for update of m`, [userId]);
    if (!rows[0]) throw notFound();
    return rows[0];
  }

  /** A territory never loses its last coordinator. */
  private async assertAnotherCoordinator(db: Db, userId: string): Promise<void> {
    const rows: unknown[] = await db.query(
      `select 1 from memberships where role = 'coordinator' and user_id <> $1 limit 1 for update`,
      [userId],
    );
    if (rows.length === 0) {
      throw new DomainError('conflict', {
        code: 'last_coordinator',
        detail: 'Le territoire doit garder au moins un·e coordinateur·rice.',
      });
    }
  }
}
