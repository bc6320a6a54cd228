import { DomainError, type TerritoryAccess } from '@maillage/platform';

/**
 * Whether the caller may see how many alliances an actor has. Members see only
 * the alliances their own organisation is party to, so another actor's count
 * would tell them what they may not read: coordination, administrators and the
 * platform's own jobs see every count, a member only their organisation's.
 */
export function seesAllianceCount(access: TerritoryAccess | undefined, actorId: string): boolean {
  if (!access) return false;
  return access.role !== 'member' || access.actorId === actorId;
}

/** Filtering actors by whether they have alliances tells the same: refused to members (403). */
export function assertMayFilterByAlliance(access: TerritoryAccess | undefined, hasAlliance: boolean | undefined): void {
  if (hasAlliance === undefined || (access && access.role !== 'member')) return;
  throw new DomainError('forbidden', {
    code: 'forbidden_filter',
    detail: 'Le filtre par alliance est réservé à la coordination.',
    errors: [{ field: 'hasAlliance', message: 'réservé à la coordination' }],
  });
}
