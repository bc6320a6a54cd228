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
import { SessionsRepository } from './sessions.repository.js';

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
    private readonly sessions: SessionsRepository,
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
    await this.sessions.insert(db, userId, familyId, hashToken(refreshToken), this.config.auth.refreshTokenTtlDays);
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
      const row = await this.sessions.findByHash(db, hashToken(refreshToken));
      if (!row) return { error: 'invalid_refresh_token' } as const;
      if (row.used_at || row.revoked_at) {
        await this.revokeFamilyIn(db, row.family_id);
        return { error: 'refresh_token_reused', row } as const;
      }
      if (row.expires_at.getTime() <= Date.now()) return { error: 'invalid_refresh_token' } as const;
      // Only one of two concurrent refreshes with the same token may win.
      if (!(await this.sessions.claim(db, row.id))) {
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
      const familyId = await this.sessions.familyOf(db, hashToken(refreshToken));
      if (familyId) await this.revokeFamilyIn(db, familyId);
    });
  }

  /** Ends every session of a user (password changed or reset). */
  async revokeAllForUserIn(db: Db, userId: string): Promise<void> {
    await this.sessions.revokeAllForUser(db, userId);
  }

  private async revokeFamilyIn(db: Db, familyId: string): Promise<void> {
    await this.sessions.revokeFamily(db, familyId);
  }
}
