import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-local';
import { DomainError } from '@maillage/platform';
import { LoginThrottle } from './login-throttle.js';
import { verifyAgainstNothing, verifyPassword } from './password-hasher.js';
import { normaliseEmail, UsersService, type UserRecord } from './users.service.js';

/** The same answer for an unknown e-mail and a wrong password: nothing to learn from it. */
export function invalidCredentials(): DomainError {
  return new DomainError('unauthenticated', {
    code: 'invalid_credentials',
    detail: 'Adresse e-mail ou mot de passe incorrect.',
  });
}

function waitText(seconds: number): string {
  if (seconds < 120) return `${seconds} seconde${seconds > 1 ? 's' : ''}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/** E-mail and password login, throttled per (account, address) and per address before any check. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(
    private readonly users: UsersService,
    private readonly throttle: LoginThrottle,
  ) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false });
  }

  async validate(request: FastifyRequest, email: string, password: string): Promise<UserRecord> {
    const keys = { account: normaliseEmail(email), ip: request.ip };
    const wait = await this.throttle.attempt(keys);
    if (wait > 0) {
      throw new DomainError('rate_limited', {
        code: 'too_many_login_attempts',
        detail: `Trop de tentatives de connexion. Réessayez dans ${waitText(wait)}.`,
        retryAfterSeconds: wait,
      });
    }
    const user = await this.users.findByEmail(email);
    const valid = user?.passwordHash
      ? await verifyPassword(user.passwordHash, password)
      : await verifyAgainstNothing(password);
    if (!user || !valid) throw invalidCredentials();
    await this.throttle.succeeded(keys);
    return user;
  }
}
