import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { CallerIdentity } from '@maillage/platform';
import { JWT_AUDIENCE, JWT_ISSUER, TokensService, type AccessTokenClaims } from './tokens.service.js';
import { UsersService } from './users.service.js';

/**
 * Bearer access tokens: HS256 only (`alg: none` and every other algorithm
 * are refused), our issuer and audience, not expired, for an account that
 * still exists and has not changed its password since the token was issued.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    tokens: TokensService,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: tokens.accessKey,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessTokenClaims): Promise<CallerIdentity | false> {
    if (claims.typ !== 'access' || typeof claims.sub !== 'string' || !/^[0-9a-f-]{36}$/i.test(claims.sub)) return false;
    const user = await this.users.findById(claims.sub);
    if (!user) return false;
    // A token issued before the password last changed belongs to an ended session.
    const issuedAt = typeof claims.ims === 'number' ? claims.ims : claims.iat * 1000;
    if (user.passwordChangedAt && issuedAt < user.passwordChangedAt.getTime()) return false;
    return { userId: user.id, email: user.email, globalRole: user.globalRole };
  }
}
