import { SetMetadata } from '@nestjs/common';

/** Global roles live on the account; territory roles on a membership. */
export type GlobalRole = 'platform_admin' | 'observer';
export type TerritoryRole = 'coordinator' | 'member';
export type Role = GlobalRole | TerritoryRole;

export const ROLES: readonly Role[] = ['platform_admin', 'observer', 'coordinator', 'member'];
export const TERRITORY_ROLES: readonly TerritoryRole[] = ['coordinator', 'member'];

export const PUBLIC_ROUTE = 'maillage:public';
export const ROUTE_ROLES = 'maillage:roles';

/** The route needs no authentication. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/**
 * The roles allowed on a route. On a territory route (`:territoryId`),
 * `coordinator` and `member` are the caller's role in that territory and
 * `platform_admin` lets administrators act in any territory.
 */
export const Roles = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator => SetMetadata(ROUTE_ROLES, roles);

/** Every signed-in account, whatever its role. */
export const ANY_ROLE: [Role, ...Role[]] = ['platform_admin', 'observer', 'coordinator', 'member'];

/** What the guards read of a route's decorators. */
export interface RouteRules {
  readonly isPublic: boolean;
  readonly roles: readonly Role[] | undefined;
}

interface MetadataReader {
  getAllAndOverride<T>(key: string, targets: (object | undefined)[]): T;
}

const rulesByHandler = new WeakMap<object, WeakMap<object, RouteRules>>();

/**
 * The route's `@Public()` and `@Roles()` (the handler's overriding its class's), read once per
 * handler and class: decorators are applied when the classes are declared, so every request of
 * a route would read the same answer (two guards, three lookups over two targets each).
 */
export function routeRules(reflector: MetadataReader, handler: object, controller: object): RouteRules {
  let byClass = rulesByHandler.get(handler);
  if (!byClass) rulesByHandler.set(handler, (byClass = new WeakMap()));
  let rules = byClass.get(controller);
  if (!rules) {
    const targets = [handler, controller];
    rules = Object.freeze({
      isPublic: Boolean(reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets)),
      roles: reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, targets),
    });
    byClass.set(controller, rules);
  }
  return rules;
}
