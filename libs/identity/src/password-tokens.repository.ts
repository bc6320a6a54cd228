import { Injectable } from '@nestjs/common';
import type { Db } from '@maillage/platform';

/** SQL of the one-time password links, stored hashed. */
@Injectable()
export class PasswordTokensRepository {
  /** Stores a link; answers when it expires. */
  async insert(db: Db, userId: string, purpose: string, tokenHash: string, lifetimeHours: number): Promise<Date> {
    const rows: { expires_at: Date }[] = await db.query(
      `insert into password_tokens (user_id, purpose, token_hash, expires_at)
       values ($1, $2, $3, now() + make_interval(hours => $4)) returning expires_at`,
      [userId, purpose, tokenHash, lifetimeHours],
    );
    return (rows[0] as { expires_at: Date }).expires_at;
  }

  async spendAllForUser(db: Db, userId: string): Promise<void> {
    await db.query(`update password_tokens set used_at = now() where user_id = $1 and used_at is null`, [userId]);
  }

  /** Spends the valid, unused link with this hash; undefined when there is none. */
  async spend(db: Db, tokenHash: string): Promise<{ id: string; user_id: string } | undefined> {
    const rows: { id: string; user_id: string }[] = await db.query(
      `with spent as (
         update password_tokens set used_at = now()
         where token_hash = $1 and used_at is null and expires_at > now()
         returning id, user_id
       ) select id, user_id from spent`,
      [tokenHash],
    );
    return rows[0];
  }
}
