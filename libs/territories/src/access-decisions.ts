import { Injectable } from '@nestjs/common';
import type { AccessRow } from './memberships.repository.js';

/** How many callers' answers one API process keeps (about 1 KB each; the oldest kept goes first). */
export const ACCESS_DECISIONS_KEPT = 10_000;

interface Kept {
  /** `access_epoch` when the answer was read (PostgreSQL's bigint, as text). */
  epoch: string;
  row: AccessRow;
}

/**
 * The access check's answers this process has read (`maillage_access`: the caller's account,
 * session, territory and membership), each with the `access_epoch` it was read at (migration
 * 1763800000066). While a request reads the same epoch, in the statement that opens its
 * transaction where the check would run, nothing the check reads has changed for anyone: the kept
 * answer is what the check would say, and PostgreSQL is spared it. When the epoch has moved, the
 * check runs again. Only answers about an existing account with an open session in an existing
 * territory are kept, as new accounts, sessions and territories do not move the epoch.
 */
@Injectable()
export class AccessDecisions {
  private readonly kept = new Map<string, Kept>();
  /** Requests answered from a kept answer, and checks run (for the tests and the benchmarks). */
  hits = 0;
  checks = 0;

  private static key(territoryId: string, userId: string, sessionId: string): string {
    return `${territoryId} ${userId} ${sessionId}`;
  }

  /** The epoch the kept answer was read at, if one is kept. */
  epochOf(territoryId: string, userId: string, sessionId: string): string | undefined {
    return this.kept.get(AccessDecisions.key(territoryId, userId, sessionId))?.epoch;
  }

  /** The kept answer, when it was read at `epoch`. */
  answer(territoryId: string, userId: string, sessionId: string, epoch: string): AccessRow | undefined {
    const kept = this.kept.get(AccessDecisions.key(territoryId, userId, sessionId));
    if (kept?.epoch !== epoch) return undefined;
    this.hits++;
    return kept.row;
  }

  /** Notes what the check answered at `epoch`: kept when it may be (see above), forgotten otherwise. */
  checked(territoryId: string, userId: string, sessionId: string, epoch: string, row: AccessRow | undefined): void {
    this.checks++;
    const key = AccessDecisions.key(territoryId, userId, sessionId);
    this.kept.delete(key);
    if (!row?.id || !row.email || row.session_open !== true || !row.territory_exists) return;
    if (this.kept.size >= ACCESS_DECISIONS_KEPT) {
      const oldest = this.kept.keys().next();
      if (!oldest.done) this.kept.delete(oldest.value);
    }
    this.kept.set(key, { epoch, row });
  }
}
