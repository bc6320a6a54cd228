import { DomainError, type TenantContext, decodeCursor, toPage, type Page } from '@maillage/platform';
import type { QueueFilter, RequestStatus } from './organisations.repository.js';

/** What every reviewed request shows: its state and who reviewed it, when, and why (a refusal). */
export interface ReviewView {
  id: string;
  status: RequestStatus;
  reason: string | null;
  createdAt: string;
  reviewedAt: string | null;
  reviewedBy: string | null;
}

export function reviewView(row: {
  id: string;
  status: RequestStatus;
  reason: string | null;
  created_at: Date;
  reviewed_at: Date | null;
  reviewed_by: string | null;
}): ReviewView {
  return {
    id: row.id,
    status: row.status,
    reason: row.reason,
    createdAt: row.created_at.toISOString(),
    reviewedAt: row.reviewed_at?.toISOString() ?? null,
    reviewedBy: row.reviewed_by,
  };
}

/** A request already accepted or refused cannot be reviewed again. */
export function assertPending(row: { status: RequestStatus }): void {
  if (row.status !== 'pending') {
    throw new DomainError('conflict', {
      code: 'request_reviewed',
      detail: 'Cette demande a déjà été examinée.',
    });
  }
}

/** A refusal says why. */
export function refusalReason(reason: string): string {
  const trimmed = reason.trim();
  if (!trimmed) {
    throw new DomainError('invalid', {
      code: 'invalid_request',
      detail: 'Indiquez la raison du refus.',
      errors: [{ field: 'reason', message: 'raison attendue' }],
    });
  }
  return trimmed;
}

export interface QueueQuery {
  status?: RequestStatus;
  limit?: number;
  cursor?: string;
}

/** One page of a queue, newest first: the filter the repository reads and the page it makes. */
export async function queuePage<R extends { id: string; cursor_at: string }, V>(
  query: QueueQuery,
  ownerId: string | null,
  read: (filter: QueueFilter) => Promise<R[]>,
  view: (row: NoInfer<R>) => V,
): Promise<Page<V>> {
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, { at: 'timestamp', id: 'uuid' });
  const rows = await read({
    status: query.status ?? null,
    ownerId,
    limit,
    after: after ? { at: String(after.at), id: String(after.id) } : null,
  });
  return toPage(rows, limit, view, (row) => ({ at: row.cursor_at, id: row.id }));
}

/** The caller's user id (every route here is signed in). */
export function callerId(context: TenantContext): string {
  const userId = context.caller?.userId;
  if (!userId) throw new Error('A signed-in caller is expected here');
  return userId;
}

/** Whether the caller coordinates the territory (or administers the platform). */
export function coordinates(context: TenantContext): boolean {
  const role = context.territory?.role;
  return role === 'coordinator' || role === 'platform_admin' || role === 'system';
}
