import { Injectable } from '@nestjs/common';
import type { Db, TerritoryRole } from '@maillage/platform';

export interface InvitationRow {
  id: string;
  email: string;
  role: TerritoryRole;
  expires_at: Date;
  created_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
  /** The organisation the invited member will act for. */
  actor_id: string | null;
}

export interface InvitationPreviewRow extends InvitationRow {
  territory_name: string;
  territory_kind: string;
  invited_by_name: string | null;
  actor_name: string | null;
}

/** A new invitation's fields, as the service has checked them. */
export interface NewInvitation {
  territoryId: string;
  email: string;
  role: TerritoryRole;
  tokenHash: string;
  invitedBy: string | undefined;
  ttlDays: number;
  actorId: string | null;
}

const COLUMNS = 'id, email, role, expires_at, created_at, accepted_at, revoked_at, actor_id';

/** SQL of the territory's invitations. */
@Injectable()
export class InvitationsRepository {
  /** Revokes the pending invitations for the address. */
  async revokePending(db: Db, email: string): Promise<void> {
    await db.query(
      `update invitations set revoked_at = now() where email = $1 and accepted_at is null and revoked_at is null`,
      [email],
    );
  }

  async insert(db: Db, invitation: NewInvitation): Promise<InvitationRow> {
    const rows: InvitationRow[] = await db.query(
      `insert into invitations (territory_id, email, role, token_hash, invited_by, expires_at, actor_id)
       values ($1, $2, $3, $4, $5, now() + make_interval(days => $6), $7) returning ${COLUMNS}`,
      [
        invitation.territoryId,
        invitation.email,
        invitation.role,
        invitation.tokenHash,
        invitation.invitedBy,
        invitation.ttlDays,
        invitation.actorId,
      ],
    );
    return rows[0] as InvitationRow;
  }

  async page(
    db: Db,
    afterCreatedAt: string | number | null,
    afterId: string | number | null,
    take: number,
  ): Promise<(InvitationRow & { cursor_at: string })[]> {
    return db.query(
      `select ${COLUMNS}, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as cursor_at
       from invitations
       where ($1::text is null or (created_at, id::text) < ($1::timestamp at time zone 'UTC', $2))
       order by created_at desc, id desc limit $3`,
      [afterCreatedAt, afterId, take],
    );
  }

  /** The revoked invitation, or undefined when it was not pending. */
  async revoke(db: Db, id: string): Promise<InvitationRow | undefined> {
    const rows: InvitationRow[] = await db.query(
      `with revoked as (
         update invitations set revoked_at = now() where id = $1 and accepted_at is null and revoked_at is null
         returning ${COLUMNS}
       ) select * from revoked`,
      [id],
    );
    return rows[0];
  }

  /** The invitation with this token hash, locked. */
  async lockByTokenHash(db: Db, tokenHash: string): Promise<(InvitationRow & { invited_by: string }) | undefined> {
    const rows: (InvitationRow & { invited_by: string })[] = await db.query(
      `select ${COLUMNS}, invited_by from invitations where token_hash = $1 for update`,
      [tokenHash],
    );
    return rows[0];
  }

  /** What an invitation's link shows before it is accepted: the territory, the role, who invited, for which organisation. */
  async previewByTokenHash(db: Db, tokenHash: string): Promise<InvitationPreviewRow | undefined> {
    const rows: InvitationPreviewRow[] = await db.query(
      `select ${COLUMNS.split(', ')
        .map((column) => `i.${column}`)
        .join(', ')}, t.name as territory_name, t.kind as territory_kind, u.name as invited_by_name,
              (select a.name from actors a where a.id = i.actor_id) as actor_name
       from invitations i
       join territories t on t.id = i.territory_id
       left join users u on u.id = i.invited_by
       where i.token_hash = $1`,
      [tokenHash],
    );
    return rows[0];
  }

  /** The names an invitation's e-mail gives: who invited, and the organisation the member will act for. */
  async mailNames(db: Db, id: string): Promise<{ invited_by_name: string | null; actor_name: string | null }> {
    const rows: { invited_by_name: string | null; actor_name: string | null }[] = await db.query(
      `select (select u.name from users u where u.id = i.invited_by) as invited_by_name,
              (select a.name from actors a where a.id = i.actor_id) as actor_name
       from invitations i
       where i.id = $1`,
      [id],
    );
    return rows[0] ?? { invited_by_name: null, actor_name: null };
  }

  async markAccepted(db: Db, id: string, userId: string): Promise<void> {
    await db.query(`update invitations set accepted_at = now(), accepted_by = $2 where id = $1`, [id, userId]);
  }
}
