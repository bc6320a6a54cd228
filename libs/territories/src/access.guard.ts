import { Readable } from 'node:stream';
import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { notFound, DomainError, routeRules, TenantContext, type Role, type TerritoryAccess } from '@maillage/platform';
import { unauthenticated, UsersService, verifiedCaller, type TokenSubject } from '@maillage/identity';
import { MembershipsService } from './memberships.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function forbidden(): DomainError {
  return new DomainError('forbidden', {
    code: 'forbidden',
    detail: 'Votre rôle ne permet pas cette action.',
  });
}

/**
 * Global guard, after authentication. Every route names the roles it allows
 * (`@Roles`), or is `@Public()`; a route with neither is refused (fail
 * closed). On a territory route the caller's membership of that territory is
 * resolved and put in the request context; a territory the caller does not
 * belong to answers 404, exactly like one that does not exist.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('AccessGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly context: TenantContext,
    private readonly memberships: MembershipsService,
    private readonly users: UsersService,
  ) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    const { isPublic, roles } = routeRules(this.reflector, execution.getHandler(), execution.getClass());
    if (isPublic) return true;
    const request = execution
      .switchToHttp()
      .getRequest<FastifyRequest<{ Params: Record<string, string> }> & { user?: TokenSubject }>();
    const subject = request.user;
    if (!subject) throw unauthenticated();
    if (!roles || roles.length === 0) {
      this.logger.error({ handler: execution.getHandler().name }, 'route without @Roles or @Public: refused');
      throw forbidden();
    }
    const territoryId = request.params?.territoryId;

    if (territoryId === undefined) {
      const caller = verifiedCaller(subject, await this.users.findTokenAccount(subject));
      if (!caller) throw unauthenticated();
      this.context.setCaller(caller);
      const allowed = caller.globalRole
        ? roles.includes(caller.globalRole)
        : roles.includes('coordinator') || roles.includes('member');
      if (!allowed) throw forbidden();
      return true;
    }

    // Checked without a transaction first: an id that is no uuid cannot be a territory.
    if (!UUID.test(territoryId)) {
      const caller = verifiedCaller(subject, await this.users.findTokenAccount(subject));
      if (!caller) throw unauthenticated();
      throw notFound();
    }
    // One transaction for the check and the handler's first unit of work in this territory.
    // In the round trip that opens it, the caller's access is read (one statement, as the runtime role).
    const found = await this.memberships.openWithAccess(territoryId, subject);
    const { transaction } = found;
    try {
      const caller = verifiedCaller(subject, found.account);
      if (!caller) throw unauthenticated();
      this.context.setCaller(caller);
      const access: TerritoryAccess | null = !found.territoryExists
        ? null
        : caller.globalRole === 'platform_admin'
          ? { territoryId, role: 'platform_admin' }
          : found.membership
            ? { territoryId, role: found.membership.role, actorId: found.membership.actorId }
            : null;
      if (!access) throw notFound();
      if (!roles.includes(access.role as Role)) throw forbidden();
      this.context.setTerritory(access);
      // A body still to be read (a spreadsheet or a file, read by its handler as it arrives) takes as
      // long as its sender: the check's transaction is ended now rather than held meanwhile, so slow
      // uploads cannot keep the pool's connections idle in a transaction.
      if (request.body instanceof Readable) await transaction.finish(true);
      else this.context.holdTransaction(transaction);
      return true;
    } catch (error) {
      await transaction.finish(false).catch(() => undefined);
      throw error;
    }
  }
}
