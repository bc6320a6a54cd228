import { Injectable } from '@nestjs/common';
import type { Db } from '@maillage/platform';

export interface RefreshRow {
  id: string;
  user_id: string;
  family_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

/**
 * SQL: whether session `sessionParam` of user `userColumn` is still open.
 * Logout, a reused refresh token and a password change revoke sessions.
 */
export function sessionOpenSql(userColumn: string, sessionParam: string): string {
  return `exists (select 1 from refresh_tokens s
                  where s.family_id = ${sessionParam}::uuid and s.user_id = ${userColumn} and s.revoked_at is null)`;
}

/** SQL of the sessions: refresh tokens, stored hashed, by family (one login). */
@Injectable()
export class SessionsRepository {
  async insert(db: Db, userId: string, familyId: string, tokenHash: string, ttlDays: number): Promise<void> {
    await db.query(
      `insert into refresh_tokens (user_id, family_id, token_hash, expires_at)
       values ($1, $2, $3, now() + make_interval(days => $4))`,
      [userId, familyId, tokenHash, ttlDays],
    );
  }

  async findByHash(db: Db, tokenHash: string): Promise<RefreshRow | undefined> {
    const rows: RefreshRow[] = await db.query(
      `select id, user_id, family_id, expires_at, used_at, revoked_at from refresh_tokens where token_hash = $1`,
      [tokenHash],
    );
    return rows[0];
  }

  /** Marks the token used; false when another refresh (or a revocation) got there first. */
  async claim(db: Db, id: string): Promise<boolean> {
    const claimed: unknown[] = await db.query(
      // (A CTE, so the driver returns the rows as for a select.)
      `with claimed as (
         update refresh_tokens set used_at = now() where id = $1 and used_at is null and revoked_at is null
         returning id
       ) select id from claimed`,
      [id],
    );
    return claimed.length > 0;
  }

  async familyOf(db: Db, tokenHash: string): Promise<string | undefined> {
    const rows: { family_id: string }[] = await db.query(`select family_id from refresh_tokens where token_hash = $1`, [
      tokenHash,
    ]);
    return rows[0]?.family_id;
  }

  async revokeAllForUser(db: Db, userId: string): Promise<void> {
    await db.query(`update refresh_tokens set revoked_at = now() where user_id = $1 and revoked_at is null`, [userId]);
  }

  async revokeFamily(db: Db, familyId: string): Promise<void> {
    await db.query(`update refresh_tokens set revoked_at = now() where family_id = $1 and revoked_at is null`, [
      familyId,
    ]);
  }
}
