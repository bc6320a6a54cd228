import { Injectable } from '@nestjs/common';
import { DomainError, Transactions, type GlobalRole, type Db } from '@maillage/platform';
import type { TokenAccount, TokenSubject } from './jwt.strategy.js';
import { hashPassword } from './password-hasher.js';
import { passwordProblem } from './password-policy.js';
import { UsersRepository, type UserRow } from './users.repository.js';

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
  constructor(
    private readonly transactions: Transactions,
    private readonly users: UsersRepository,
  ) {}

  findByEmail(email: string): Promise<UserRecord | undefined> {
    return this.transactions.withoutTerritory('account.read', (db) => this.findByEmailIn(db, email));
  }

  async findByEmailIn(db: Db, email: string): Promise<UserRecord | undefined> {
    const row = await this.users.findByEmail(db, normaliseEmail(email));
    return row ? toUser(row) : undefined;
  }

  findById(id: string): Promise<UserRecord | undefined> {
    return this.transactions.withoutTerritory('account.read', (db) => this.findByIdIn(db, id));
  }

  /** The account behind an access token, and whether the token's session is still open (one query). */
  findTokenAccount(subject: TokenSubject): Promise<TokenAccount | undefined> {
    return this.transactions.withoutTerritory('auth.session', async (db) => {
      const row = await this.users.tokenAccount(db, subject.userId, subject.sessionId);
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
    const row = await this.users.findById(db, id);
    return row ? toUser(row) : undefined;
  }

  /** Creates an account; a taken e-mail is a 409. `password` null leaves it to be set by a link. */
  async createIn(
    db: Db,
    input: { email: string; name: string; password: string | null; globalRole: GlobalRole | null },
  ): Promise<UserRecord> {
    const email = normaliseEmail(input.email);
    if (input.password !== null) assertStrongPassword(input.password, email);
    const hash = input.password === null ? null : await hashPassword(input.password);
    const row = await this.users.insert(db, {
      email,
      name: input.name.trim(),
      passwordHash: hash,
      globalRole: input.globalRole,
    });
    if (!row) {
      throw new DomainError('conflict', {
        code: 'email_taken',
        detail: 'Un compte existe déjà avec cette adresse e-mail.',
      });
    }
    return toUser(row);
  }

  /** An account whose password was chosen (and hashed) earlier: a join request confirmed by mail. */
  async createWithHashIn(db: Db, input: { email: string; name: string; passwordHash: string }): Promise<UserRecord> {
    const row = await this.users.insert(db, {
      email: normaliseEmail(input.email),
      name: input.name.trim(),
      passwordHash: input.passwordHash,
      globalRole: null,
    });
    if (!row) {
      throw new DomainError('conflict', {
        code: 'email_taken',
        detail: 'Un compte existe déjà avec cette adresse e-mail.',
      });
    }
    return toUser(row);
  }

  async setPasswordIn(db: Db, user: UserRecord, password: string): Promise<void> {
    assertStrongPassword(password, user.email, 'newPassword');
    const hash = await hashPassword(password);
    await this.users.setPasswordHash(db, user.id, hash);
  }

  async listByGlobalRole(role: GlobalRole): Promise<UserRecord[]> {
    const rows = await this.transactions.withoutTerritory('account.read', (db) =>
      this.users.listByGlobalRole(db, role),
    );
    return rows.map(toUser);
  }

  async anyWithGlobalRole(role: GlobalRole): Promise<boolean> {
    return this.transactions.withoutTerritory('account.read', (db) => this.users.anyWithGlobalRole(db, role));
  }
}
