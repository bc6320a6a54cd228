import { Injectable } from '@nestjs/common';
import { DomainError, Transactions, type GlobalRole, type Db } from '@maillage/platform';
import { sessionOpenSql, type TokenAccount, type TokenSubject } from './jwt.strategy.js';
import { hashPassword } from './password-hasher.js';
import { passwordProblem } from './password-policy.js';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
  globalRole: GlobalRole | null;
  passwordChangedAt: Date | null;
  createdAt: Date;
}

/** What any API answer may show of an account: never the hash. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  globalRole: GlobalRole | null;
  createdAt: string;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  global_role: GlobalRole | null;
  password_changed_at: Date | null;
  created_at: Date;
}

const COLUMNS = 'id, email, name, password_hash, global_role, password_changed_at, created_at';

export function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    passwordHash: row.password_hash,
    globalRole: row.global_role,
    passwordChangedAt: row.password_changed_at,
    createdAt: row.created_at,
  };
}

export function userView(user: UserRecord): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    globalRole: user.globalRole,
    createdAt: user.createdAt.toISOString(),
  };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Refuses a weak password with a 400 problem naming the field. */
export function assertStrongPassword(password: string, email: string, field = 'password'): void {
  const problem = passwordProblem(password, email);
  if (problem) {
    throw new DomainError('invalid', {
      code: 'weak_password',
      detail: problem,
      errors: [{ field, message: problem }],
    });
  }
}

/** Accounts are global (not tenant) rows, read and written as the runtime role. */
@Injectable()
export class UsersService {
  constructor(private readonly transactions: Transactions) {}

  findByEmail(email: string): Promise<UserRecord | undefined> {
    return this.transactions.withoutTerritory('account.read', (db) => this.findByEmailIn(db, email));
  }

  async findByEmailIn(db: Db, email: string): Promise<UserRecord | undefined> {
    const rows: UserRow[] = await db.query(`select ${COLUMNS} from users where email = $1`, [normaliseEmail(email)]);
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  findById(id: string): Promise<UserRecord | undefined> {
    return this.transactions.withoutTerritory('account.read', (db) => this.findByIdIn(db, id));
  }

  /** The account behind an access token, and whether the token's session is still open (one query). */
  findTokenAccount(subject: TokenSubject): Promise<TokenAccount | undefined> {
    return this.transactions.withoutTerritory('auth.session', async (db) => {
      const rows: {
        id: string;
        email: string;
        global_role: GlobalRole | null;
        password_changed_at: Date | null;
        session_open: boolean;
      }[] = await db.query(
        `select u.id, u.email, u.global_role, u.password_changed_at, ${sessionOpenSql('u.id', '$2')} as session_open
           from users u where u.id = $1`,
        [subject.userId, subject.sessionId],
      );
      const row = rows[0];
      return row
        ? {
            id: row.id,
            email: row.email,
            globalRole: row.global_role,
            passwordChangedAt: row.password_changed_at,
            sessionOpen: row.session_open,
          }
        : undefined;
    });
  }

  async findByIdIn(db: Db, id: string): Promise<UserRecord | undefined> {
    const rows: UserRow[] = await db.query(`select ${COLUMNS} from users where id = $1`, [id]);
    return rows[0] ? toUser(rows[0]) : undefined;
  }

  /** Creates an account; a taken e-mail is a 409. `password` null leaves it to be set by a link. */
  async createIn(
    db: Db,
    input: { email: string; name: string; password: string | null; globalRole: GlobalRole | null },
  ): Promise<UserRecord> {
    const email = normaliseEmail(input.email);
    if (input.password !== null) assertStrongPassword(input.password, email);
    const hash = input.password === null ? null : await hashPassword(input.password);
    const rows: UserRow[] = await db.query(
      `insert into users (email, name, password_hash, global_role, password_changed_at)
       values ($1, $2, $3, $4, case when $3::text is null then null else now() end)
       on conflict (email) do nothing
       returning ${COLUMNS}`,
      [email, input.name.trim(), hash, input.globalRole],
    );
    if (!rows[0]) {
      throw new DomainError('conflict', {
        code: 'email_taken',
        detail: 'Un compte existe déjà avec cette adresse e-mail.',
      });
    }
    return toUser(rows[0]);
  }

  async setPasswordIn(db: Db, user: UserRecord, password: string): Promise<void> {
    assertStrongPassword(password, user.email, 'newPassword');
    const hash = await hashPassword(password);
    await db.query(
      `update users set password_hash = $2, password_changed_at = now(), updated_at = now() where id = $1`,
      [user.id, hash],
    );
  }

  async listByGlobalRole(role: GlobalRole): Promise<UserRecord[]> {
    const rows: UserRow[] = await this.transactions.withoutTerritory('account.read', (db) =>
      db.query(`select ${COLUMNS} from users where global_role = $1 order by email`, [role]),
    );
    return rows.map(toUser);
  }

  async anyWithGlobalRole(role: GlobalRole): Promise<boolean> {
    const rows: unknown[] = await this.transactions.withoutTerritory('account.read', (db) =>
      db.query(`select 1 from users where global_role = $1 limit 1`, [role]),
    );
    return rows.length > 0;
  }
}
