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
