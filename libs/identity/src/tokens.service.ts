import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import {
  APP_CONFIG,
  DomainError,
  RUNTIME,
  Transactions,
  type AppConfig,
  type Runtime,
  type Db,
} from '@maillage/platform';
import type { IdentityErrorCode } from './identity-errors.js';
import { deriveKey, hashToken, randomToken } from './secrets.js';

export const JWT_ISSUER = 'maillage';
export const JWT_AUDIENCE = 'maillage-api';

export interface AccessTokenClaims {
  sub: string;
  typ: 'access';
  iat: number;
  /** Issue time in milliseconds: `iat` has whole seconds only, too coarse to compare with a password change. */
  ims?: number;
  /** The session (refresh-token family) the token belongs to: revoking it ends the token at once. */
  sid?: string;
  exp: number;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Lifetime of the access token, in seconds. */
  expiresIn: number;
  tokenType: 'Bearer';
}

interface RefreshRow {
  id: string;
  user_id: string;
  family_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

function invalidRefresh(code: IdentityErrorCode = 'invalid_refresh_token'): DomainError {
  return new DomainError('unauthenticated', {
    code,
    detail: 'Votre session a expiré ou n’est plus valide : reconnectez-vous.',
  });
}

/**
 * Short-lived access tokens (JWT, HS256, key derived from the master secret)
 * and rotating refresh tokens, stored hashed. Each refresh token can be used
 * once; presenting one again means it leaked, and the whole family (every
 * token descending from the same login) is revoked.
 */
@Injectable()
export class TokensService {
  private readonly logger = new Logger('TokensService');
  readonly accessKey: Buffer;
  /**
   * The same key as a KeyObject, for verification: given bytes, jsonwebtoken
   * first tries them as a public key and pays a thrown exception per request
   * (10 % of a read request's CPU, measured with bench/).
   */
  readonly accessVerificationKey: KeyObject;

  constructor(
    private readonly jwt: JwtService,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RUNTIME) runtime: Runtime,
  ) {
    this.accessKey = deriveKey(runtime.secretKey, 'jwt-access');
    this.accessVerificationKey = createSecretKey(this.accessKey);
  }

  /** A new session (new refresh family) for a user who just proved who they are. */
  issue(userId: string): Promise<TokenPair> {
    return this.transactions.withoutTerritory('auth.session', (db) => this.issueIn(db, userId, randomUUID()));
  }

  private async issueIn(db: Db, userId: string, familyId: string): Promise<TokenPair> {
    const refreshToken = randomToken();
    await db.query(
      `insert into refresh_tokens (user_id, family_id, token_hash, expires_at)
       values ($1, $2, $3, now() + make_interval(days => $4))`,
      [userId, familyId, hashToken(refreshToken), this.config.auth.refreshTokenTtlDays],
    );
    const accessToken = await this.jwt.signAsync(
      { typ: 'access', ims: Date.now(), sid: familyId },
      {
        subject: userId,
        secret: this.accessKey,
        algorithm: 'HS256',
        expiresIn: this.config.auth.accessTokenTtlSeconds,
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        jwtid: randomUUID(),
      },
    );
    return { accessToken, refreshToken, expiresIn: this.config.auth.accessTokenTtlSeconds, tokenType: 'Bearer' };
  }

  /** Trades a refresh token for a new pair; a reused token revokes its family. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const outcome = await this.transactions.withoutTerritory('auth.session', async (db) => {
      const rows: RefreshRow[] = await db.query(
        `select id, user_id, family_id, expires_at, used_at, revoked_at from refresh_tokens where token_hash = $1`,
        [hashToken(refreshToken)],
      );
      const row = rows[0];
      if (!row) return { error: 'invalid_refresh_token' } as const;
      if (row.used_at || row.revoked_at) {
        await this.revokeFamilyIn(db, row.family_id);
        return { error: 'refresh_token_reused', row } as const;
      }
      if (row.expires_at.getTime() <= Date.now()) return { error: 'invalid_refresh_token' } as const;
      // Only one of two concurrent refreshes with the same token may win.
      const claimed: unknown[] = await db.query(
        // (A CTE, so the driver returns the rows as for a select.)
        `with claimed as (
           update refresh_tokens set used_at = now() where id = $1 and used_at is null and revoked_at is null
           returning id
         ) select id from claimed`,
        [row.id],
      );
      if (claimed.length === 0) {
        await this.revokeFamilyIn(db, row.family_id);
        return { error: 'refresh_token_reused', row } as const;
      }
      return { pair: await this.issueIn(db, row.user_id, row.family_id) } as const;
    });
    if ('pair' in outcome && outcome.pair) return outcome.pair;
    if (outcome.error === 'refresh_token_reused') {
      this.logger.warn(
        { userId: outcome.row.user_id, family: outcome.row.family_id },
        'refresh token reused: family revoked',
      );
    }
    throw invalidRefresh(outcome.error);
  }

  /** Logout: ends the session the refresh token belongs to. Unknown tokens are ignored. */
  async revoke(refreshToken: string): Promise<void> {
    await this.transactions.withoutTerritory('auth.session', async (db) => {
      const rows: { family_id: string }[] = await db.query(
        `select family_id from refresh_tokens where token_hash = $1`,
        [hashToken(refreshToken)],
      );
      if (rows[0]) await this.revokeFamilyIn(db, rows[0].family_id);
    });
  }

  /** Ends every session of a user (password changed or reset). */
  async revokeAllForUserIn(db: Db, userId: string): Promise<void> {
    await db.query(`update refresh_tokens set revoked_at = now() where user_id = $1 and revoked_at is null`, [userId]);
  }

  private async revokeFamilyIn(db: Db, familyId: string): Promise<void> {
    await db.query(`update refresh_tokens set revoked_at = now() where family_id = $1 and revoked_at is null`, [
      familyId,
    ]);
  }
}
