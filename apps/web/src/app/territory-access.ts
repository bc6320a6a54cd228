/**
 * Whether the signed-in person may open a territory's workspace, decided from `/me` alone:
 * a person who is not a member gets the same « Espace introuvable » page whether the
 * territory exists or not (nothing is asked of the API about it). Plain TypeScript: unit-tested.
 */
import type { Me, Membership } from '../auth/auth';

export type TerritoryAccess =
  | { kind: 'member'; membership: Membership }
  /** A platform administrator opens every territory (the API says whether it exists). */
  | { kind: 'admin' }
  /** Not one of the person's spaces, or no such territory: the two look the same. */
  | { kind: 'unknown' };

export function territoryAccess(me: Pick<Me, 'memberships' | 'roles'>, territoryId: string): TerritoryAccess {
  const membership = me.memberships.find((item) => item.territoryId === territoryId);
  if (membership) return { kind: 'member', membership };
  if (me.roles.includes('platform_admin')) return { kind: 'admin' };
  return { kind: 'unknown' };
}

/** An answer of the API meaning « no such territory for you » (an administrator's unknown address). */
export function isMissingTerritory(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return status === 404 || status === 403;
}

/** The spaces to offer instead, by name. */
export function spacesOf(me: Pick<Me, 'memberships'>): { territoryId: string; name: string }[] {
  return me.memberships
    .map((item) => ({ territoryId: item.territoryId, name: item.territoryName }))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}
