import { Injectable } from '@nestjs/common';
import {
  AuditLog,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  notFound,
  DomainError,
  toPage,
  Transactions,
  type Page,
  type TerritoryRole,
  type Db,
  type OpenedTransaction,
} from '@maillage/platform';
import type { TokenAccount, TokenSubject } from '@maillage/identity';
import { AccessDecisions } from './access-decisions.js';
import { MembershipsRepository, type AccessRow, type MemberRow } from './memberships.repository.js';

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

@Injectable()
export class MembershipsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    private readonly memberships: MembershipsRepository,
    private readonly decisions: AccessDecisions,
  ) {}

  /**
   * For the access guard: opens the request's transaction in the territory and, in the same round
   * trip, reads the caller's account (to end sessions of removed accounts and changed passwords),
   * whether the territory exists, and the caller's membership there (row security shows this
   * territory's only). The caller hands the transaction on or finishes it. An answer kept from an
   * earlier request is used instead when the access epoch read in that round trip has not moved
   * (`AccessDecisions`); when it has, the check runs again in the transaction.
   */
  async openWithAccess(
    territoryId: string,
    subject: TokenSubject,
  ): Promise<{
    transaction: OpenedTransaction;
    account: TokenAccount | undefined;
    territoryExists: boolean;
    membership: { role: TerritoryRole; actorId: string | null } | undefined;
  }> {
    const { userId, sessionId } = subject;
    const check = this.memberships.accessStatement(territoryId, userId, sessionId);
    const keptAt = this.decisions.epochOf(territoryId, userId, sessionId);
    const transaction = await this.transactions.open(
      territoryId,
      userId,
      keptAt === undefined ? check : this.memberships.epochStatement(),
    );
    let [row] = transaction.rows as (AccessRow & { epoch: string })[];
    const kept =
      keptAt === undefined || !row ? undefined : this.decisions.answer(territoryId, userId, sessionId, row.epoch);
    if (keptAt !== undefined && !kept) {
      // The epoch moved since the answer was kept: the check again, in this transaction.
      try {
        [row] = await transaction.db.query<(AccessRow & { epoch: string })[]>(check.text, check.values);
      } catch (error) {
        await transaction.finish(false).catch(() => undefined);
        throw error;
      }
    }
    if (!kept && row) this.decisions.checked(territoryId, userId, sessionId, row.epoch, row);
    const access: AccessRow | undefined = kept ?? row;
    return {
      transaction,
      account:
        access?.id && access.email
          ? {
              id: access.id,
              email: access.email,
              globalRole: access.global_role,
              passwordChangedAt: access.password_changed_at,
              sessionOpen: access.session_open === true,
            }
          : undefined,
      territoryExists: access?.territory_exists ?? false,
      membership: access?.role ? { role: access.role, actorId: access.actor_id } : undefined,
    };
  }

  /** Every territory the user belongs to (the own-rows policy lets them read these). */
  async mine(userId: string): Promise<MyMembership[]> {
    const rows = await this.transactions.withoutTerritory('membership.mine', (db) =>
      this.memberships.ofUser(db, userId),
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
    const rows = await this.transactions.tenant((db) =>
      this.memberships.page(db, after?.email ?? null, role ?? null, limit + 1),
    );
    return toPage(rows, limit, memberView, (row) => ({ email: row.email }));
  }

  /** Adds or updates a membership inside the caller's transaction (invitation acceptance). */
  async upsertIn(db: Db, userId: string, role: TerritoryRole, createdBy: string | null): Promise<void> {
    const before = await this.memberships.find(db, userId);
    await this.memberships.upsert(db, userId, role, createdBy);
    await this.audit.record(db, {
      entity: 'membership',
      entityId: userId,
      action: before ? 'update' : 'create',
      before: before ? { role: before.role } : null,
      after: { role },
    });
  }

  /**
   * Links a member to the organisation it acts for, inside the caller's
   * transaction (an accepted invitation, link or join request); the actor must
   * exist and not be archived.
   */
  async linkIn(db: Db, userId: string, actorId: string): Promise<void> {
    const before = await this.memberships.lock(db, userId);
    if (!before) throw notFound();
    await this.assertActiveActor(db, actorId);
    await this.memberships.setActor(db, userId, actorId);
    await this.audit.record(db, {
      entity: 'membership',
      entityId: userId,
      action: 'link',
      before: { actorId: before.actor_id },
      after: { actorId },
    });
  }

  /** Whether the user is a member (any role) of the transaction's territory. */
  async isMemberIn(db: Db, userId: string): Promise<boolean> {
    return (await this.memberships.roleOf(db, userId)) !== undefined;
  }

  /** An unknown or archived actor is a 400 on `field`. */
  async assertActiveActor(db: Db, actorId: string, field = 'actorId'): Promise<void> {
    if (!(await this.memberships.activeActorExists(db, actorId))) {
      throw new DomainError('invalid', {
        code: 'unknown_actor',
        detail: 'Cet acteur n’existe pas dans le territoire.',
        errors: [{ field, message: 'acteur inconnu' }],
      });
    }
  }

  /** Changes a member's role and/or the organisation they act for (`actorId` null unlinks). */
  async update(userId: string, changes: { role?: TerritoryRole; actorId?: string | null }): Promise<MemberView> {
    return this.transactions.tenant(async (db) => {
      const before = await this.lockMember(db, userId);
      const role = changes.role ?? before.role;
      const actorId = changes.actorId === undefined ? before.actor_id : changes.actorId;
      if (before.role === 'coordinator' && role !== 'coordinator') await this.assertAnotherCoordinator(db, userId);
      if (actorId) await this.assertActiveActor(db, actorId);
      const row = await this.memberships.update(db, userId, role, actorId);
      await this.audit.record(db, {
        entity: 'membership',
        entityId: userId,
        action: 'update',
        before: { role: before.role, actorId: before.actor_id },
        after: { role, actorId },
      });
      return memberView(row);
    });
  }

  async remove(userId: string): Promise<void> {
    await this.transactions.tenant(async (db) => {
      const before = await this.lockMember(db, userId);
      if (before.role === 'coordinator') await this.assertAnotherCoordinator(db, userId);
      await this.memberships.delete(db, userId);
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
    const row = await this.memberships.lock(db, userId);
    if (!row) throw notFound();
    return row;
  }

  /** A territory never loses its last coordinator. */
  private async assertAnotherCoordinator(db: Db, userId: string): Promise<void> {
    if (!(await this.memberships.lockOtherCoordinator(db, userId))) {
      throw new DomainError('conflict', {
        code: 'last_coordinator',
        detail: 'Le territoire doit garder au moins un·e coordinateur·rice.',
      });
    }
  }
}
