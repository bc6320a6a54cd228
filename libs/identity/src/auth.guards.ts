import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { DomainError, fieldProblems, routeRules } from '@maillage/platform';
import { unauthenticated, type TokenSubject } from './jwt.strategy.js';
import { LoginDto } from './login.dto.js';
import { VerifiedTokens } from './verified-tokens.js';

interface PassportInfo {
  name?: string;
  message?: string;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/**
 * Global guard: every route needs a valid bearer token unless marked
 * `@Public()`. The access guard, next, checks the account and records the
 * caller. A token passport has verified is not verified again until it
 * expires (`VerifiedTokens`).
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  private readonly verified = new VerifiedTokens<TokenSubject>();

  override async canActivate(execution: ExecutionContext): Promise<boolean> {
    const request = execution.switchToHttp().getRequest<FastifyRequest & { user?: TokenSubject }>();
    if (routeRules(this.reflector, execution.getHandler(), execution.getClass()).isPublic) return true;
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    const known = token ? this.verified.get(token) : undefined;
    if (known) {
      request.user = known;
      return true;
    }
    const allowed = (await super.canActivate(execution)) as boolean;
    if (allowed && token && request.user)
      this.verified.remember(token, Object.freeze(request.user), request.user.expiresAtMs);
    return allowed;
  }

  /** A valid token's subject; the access guard then checks the account and sets the caller. */
  override handleRequest<T = TokenSubject>(error: unknown, subject: T | false, info: PassportInfo | undefined): T {
    if (error) throw error;
    if (!subject) throw unauthenticated(info?.name === 'TokenExpiredError');
    return subject;
  }
}

/** Login: the body is validated first (400), then passport-local checks the credentials. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override async canActivate(execution: ExecutionContext): Promise<boolean> {
    const request = execution.switchToHttp().getRequest<FastifyRequest>();
    const body = plainToInstance(LoginDto, request.body ?? {});
    const errors =
      request.body && typeof request.body === 'object' && !Array.isArray(request.body)
        ? await validate(body, { whitelist: true, forbidNonWhitelisted: true })
        : [
            Object.assign(new ValidationError(), {
              property: 'body',
              constraints: { type: 'Le corps doit être un objet JSON.' },
            }),
          ];
    if (errors.length > 0) {
      throw new DomainError('invalid', {
        code: 'validation_failed',
        detail: 'Certaines données envoyées sont invalides.',
        errors: fieldProblems(errors),
      });
    }
    return (await super.canActivate(execution)) as boolean;
  }

  override handleRequest<T>(error: unknown, user: T | false): T {
    if (error) throw error;
    if (!user) throw new DomainError('unauthenticated', { code: 'invalid_credentials' });
    return user;
  }
}
