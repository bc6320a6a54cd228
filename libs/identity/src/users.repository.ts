import { Injectable } from '@nestjs/common';
import type { Db, GlobalRole } from '@maillage/platform';
import { sessionOpenSql } from './sessions.repository.js';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  global_role: GlobalRole | null;
  password_changed_at: Date | null;
  created_at: Date;
}

/** The account behind an access token, with whether the token's session is open. */
export interface TokenAccountRow {
  id: string;
  email: string;
  global_role: GlobalRole | null;
  password_changed_at: Date | null;
  session_open: boolean;
}

const COLUMNS = 'id, email, name, password_hash, global_role, password_changed_at, created_at';

/** SQL of the accounts (global rows). */
@Injectable()
export class UsersRepository {
  async findByEmail(db: Db, email: string): Promise<UserRow | undefined> {
    const rows: UserRow[] = await db.query(`select ${COLUMNS} from users where email = $1`, [email]);
    return rows[0];
  }

  async findById(db: Db, id: string): Promise<UserRow | undefined> {
    const rows: UserRow[] = await db.query(`select ${COLUMNS} from users where id = $1`, [id]);
    return rows[0];
  }

  async tokenAccount(db: Db, userId: string, sessionId: string): Promise<TokenAccountRow | undefined> {
    const rows: TokenAccountRow[] = await db.query(
      `select u.id, u.email, u.global_role, u.password_changed_at, ${sessionOpenSql('u.id', '$2')} as session_open
         from users u where u.id = $1`,
      [userId, sessionId],
    );
    return rows[0];
  }

  /** The inserted row, or undefined when the e-mail is taken. */
  async insert(
    db: Db,
    user: { email: string; name: string; passwordHash: string | null; globalRole: GlobalRole | null },
  ): Promise<UserRow | undefined> {
    const rows: UserRow[] = await db.query(
      `insert into users (email, name, password_hash, global_role, password_changed_at)
       values ($1, $2, $3, $4, case when $3::text is null then null else now() end)
       on conflict (email) do nothing
       returning ${COLUMNS}`,
      [user.email, user.name, user.passwordHash, user.globalRole],
    );
    return rows[0];
  }

  async setPasswordHash(db: Db, id: string, hash: string): Promise<void> {
    await db.query(
      `update users set password_hash = $2, password_changed_at = now(), updated_at = now() where id = $1`,
      [id, hash],
    );
  }

  async listByGlobalRole(db: Db, role: GlobalRole): Promise<UserRow[]> {
    return db.query(`select ${COLUMNS} from users where global_role = $1 order by email`, [role]);
  }

  async anyWithGlobalRole(db: Db, role: GlobalRole): Promise<boolean> {
    const rows: unknown[] = await db.query(`select 1 from users where global_role = $1 limit 1`, [role]);
    return rows.length > 0;
  }
}
