import { HttpStatus, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { ClsService } from 'nestjs-cls';
import {
  ProblemException,
  PUBLIC_ROUTE,
  TenantContext,
  type CallerIdentity,
  type MaillageStore,
} from '@maillage/platform';
import { LoginDto } from './login.dto.js';

interface PassportInfo {
  name?: string;
  message?: string;
}

/**
 * Global guard: every route needs a valid bearer token unless marked
 * `@Public()`. Records the request id and the caller in the request context.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly context: TenantContext,
    private readonly cls: ClsService<MaillageStore>,
  ) {
    super();
  }

  override async canActivate(execution: ExecutionContext): Promise<boolean> {
    const request = execution.switchToHttp().getRequest<FastifyRequest>();
    if (this.cls.isActive()) this.cls.set('requestId', String(request.id));
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
      execution.getHandler(),
      execution.getClass(),
    ]);
    if (isPublic) return true;
    return (await super.canActivate(execution)) as boolean;
  }

  override handleRequest<T = CallerIdentity>(error: unknown, caller: T | false, info: PassportInfo | undefined): T {
    if (error) throw error;
    if (!caller) {
      const expired = info?.name === 'TokenExpiredError';
      throw new ProblemException(HttpStatus.UNAUTHORIZED, {
        code: expired ? 'token_expired' : 'unauthenticated',
        detail: expired
          ? 'Votre session a expiré : renouvelez votre jeton ou reconnectez-vous.'
          : 'Authentification requise : envoyez un jeton d’accès valide (Authorization: Bearer …).',
        headers: { 'www-authenticate': `Bearer realm="maillage"${expired ? ', error="invalid_token"' : ''}` },
      });
    }
    this.context.setCaller(caller as unknown as CallerIdentity);
    return caller as T;
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
        : [{ property: 'body', constraints: { type: 'Le corps doit être un objet JSON.' } }];
    if (errors.length > 0) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, {
        code: 'validation_failed',
        detail: 'Certaines données envoyées sont invalides.',
        errors: errors.flatMap((e) =>
          Object.values(e.constraints ?? {}).map((message) => ({ field: e.property, message })),
        ),
      });
    }
    return (await super.canActivate(execution)) as boolean;
  }

  override handleRequest<T>(error: unknown, user: T | false): T {
    if (error) throw error;
    if (!user) throw new ProblemException(HttpStatus.UNAUTHORIZED, { code: 'invalid_credentials' });
    return user;
  }
}
