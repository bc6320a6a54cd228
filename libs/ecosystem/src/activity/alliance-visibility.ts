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

/**
 * The organisation a member acts for, which decides the alliances they see;
 * undefined for coordination, administrators and jobs. A member linked to no
 * organisation sees no alliance: 403, until the coordination links them.
 */
export function allianceViewerActor(access: TerritoryAccess | undefined): string | undefined {
  if (access?.role !== 'member') return undefined;
  if (!access.actorId) {
    throw new DomainError('forbidden', {
      code: 'no_actor_link',
      detail: 'Votre compte n’est rattaché à aucune organisation du territoire : demandez-le à la coordination.',
    });
  }
  return access.actorId;
}

/** Whether the viewer (`allianceViewerActor`) may read an alliance with these parties. */
export function readsAlliance(viewerActorId: string | undefined, partyIds: readonly string[]): boolean {
  return viewerActorId === undefined || partyIds.includes(viewerActorId);
}
