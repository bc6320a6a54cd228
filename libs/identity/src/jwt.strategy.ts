import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { DomainError, type CallerIdentity, type GlobalRole } from '@maillage/platform';
import { JWT_AUDIENCE, JWT_ISSUER, TokensService, type AccessTokenClaims } from './tokens.service.js';

/** What a verified access token says: whose it is, which session it belongs to and when it was issued. */
export interface TokenSubject {
  userId: string;
  /** The session (refresh-token family) the token was issued in. */
  sessionId: string;
  issuedAtMs: number;
  /** When the token expires (its `exp`), in milliseconds. */
  expiresAtMs: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Bearer access tokens: HS256 only (`alg: none` and every other algorithm
 * are refused), our issuer and audience, not expired, naming its session.
 * Whether the account still exists, has not changed its password since the
 * token was issued, and the session is still open (not logged out, not
 * revoked for a reused refresh token) is checked by the access guard
 * (`verifiedCaller`), in the same query as the caller's membership, so a
 * request pays one round trip for all of it.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(tokens: TokensService) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // jsonwebtoken takes a KeyObject (its typings in passport-jwt lag behind).
      secretOrKey: tokens.accessVerificationKey as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  validate(claims: AccessTokenClaims): TokenSubject | false {
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || !UUID.test(claims.sub)) return false;
    // A token without its session cannot be revoked: refused.
    if (typeof claims.sid !== 'string' || !UUID.test(claims.sid)) return false;
    return {
      userId: claims.sub,
      sessionId: claims.sid,
      issuedAtMs: typeof claims.ims === 'number' ? claims.ims : claims.iat * 1000,
      expiresAtMs: claims.exp * 1000,
    };
  }
}

/** The account behind a token, as the access guard reads it. */
export interface TokenAccount {
  id: string;
  email: string;
  globalRole: GlobalRole | null;
  passwordChangedAt: Date | null;
  /** Whether the token's session is still open (some refresh token of its family not revoked). */
  sessionOpen: boolean;
}

/**
 * The caller a token stands for, or undefined when its session has ended:
 * the account is gone, its password changed after the token was issued, or
 * the session was ended (logout, reused refresh token, password change).
 */
export function verifiedCaller(subject: TokenSubject, account: TokenAccount | undefined): CallerIdentity | undefined {
  if (!account || account.id !== subject.userId || !account.sessionOpen) return undefined;
  if (account.passwordChangedAt && subject.issuedAtMs < account.passwordChangedAt.getTime()) return undefined;
  return { userId: account.id, email: account.email, globalRole: account.globalRole };
}

/** The 401 of a missing, invalid, expired or ended session. */
export function unauthenticated(expired = false): DomainError {
  return new DomainError('unauthenticated', {
    code: expired ? 'token_expired' : 'unauthenticated',
    detail: expired
      ? 'Votre session a expiré : renouvelez votre jeton ou reconnectez-vous.'
      : 'Authentification requise : envoyez un jeton d’accès valide (Authorization: Bearer …).',
    challenge: `Bearer realm="maillage"${expired ? ', error="invalid_token"' : ''}`,
  });
}
