import { HttpStatus, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import {
  notFound,
  ProblemException,
  PUBLIC_ROUTE,
  ROUTE_ROLES,
  TenantContext,
  Transactions,
  type Role,
  type TerritoryAccess,
} from '@maillage/platform';
import { MembershipsService } from './memberships.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function forbidden(): ProblemException {
  return new ProblemException(HttpStatus.FORBIDDEN, {
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
    private readonly transactions: Transactions,
    private readonly memberships: MembershipsService,
  ) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    const targets = [execution.getHandler(), execution.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, targets);
    const caller = this.context.caller;
    if (!roles || roles.length === 0 || !caller) {
      this.logger.error({ handler: execution.getHandler().name }, 'route without @Roles or @Public: refused');
      throw forbidden();
    }
    const request = execution.switchToHttp().getRequest<FastifyRequest<{ Params: Record<string, string> }>>();
    const territoryId = request.params?.territoryId;

    if (territoryId === undefined) {
      const allowed = caller.globalRole
        ? roles.includes(caller.globalRole)
        : roles.includes('coordinator') || roles.includes('member');
      if (!allowed) throw forbidden();
      return true;
    }

    if (!UUID.test(territoryId)) throw notFound();
    const access = await this.transactions.withTerritory(territoryId, async (db): Promise<TerritoryAccess | null> => {
      const exists: unknown[] = await db.query(`select 1 from territories where id = $1`, [territoryId]);
      if (exists.length === 0) return null;
      if (caller.globalRole === 'platform_admin') return { territoryId, role: 'platform_admin' };
      const membership = await this.memberships.roleIn(db, caller.userId);
      return membership ? { territoryId, role: membership.role, actorId: membership.actorId } : null;
    });
    if (!access) throw notFound();
    if (!roles.includes(access.role as Role)) throw forbidden();
    this.context.setTerritory(access);
    return true;
  }
}
