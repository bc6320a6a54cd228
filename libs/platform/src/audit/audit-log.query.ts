import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '../http/pagination.js';
import type { FieldChange } from './audit-log.js';

export interface AuditEntryView {
  id: string;
  occurredAt: string;
  actorUserId: string | null;
  actorName: string | null;
  entity: string;
  entityId: string;
  action: string;
  changes: Record<string, FieldChange>;
  requestId: string | null;
}

export interface AuditFilters {
  actorUserId?: string;
  entity?: string;
  from?: Date;
  to?: Date;
}

interface AuditRow {
  id: string;
  occurred_at: Date;
  actor_user_id: string | null;
  actor_name: string | null;
  entity: string;
  entity_id: string;
  action: string;
  changes: Record<string, FieldChange>;
  request_id: string | null;
}

/** Reads the current territory's audit log, newest first. */
@Injectable()
export class AuditLogQuery {
  constructor(private readonly transactions: Transactions) {}

  async list(filters: AuditFilters, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<AuditEntryView>> {
    const after = decodeCursor(cursor, { id: 'int' });
    const rows: AuditRow[] = await this.transactions.tenant((db) =>
      db.query(
        `select a.id::text as id, a.occurred_at, a.actor_user_id, u.name as actor_name, a.entity, a.entity_id, a.action,
                a.changes, a.request_id
         from audit_log a left join users u on u.id = a.actor_user_id
         where ($1::bigint is null or a.id < $1)
           and ($2::uuid is null or a.actor_user_id = $2)
           and ($3::text is null or a.entity = $3)
           and ($4::timestamptz is null or a.occurred_at >= $4)
           and ($5::timestamptz is null or a.occurred_at < $5)
         order by a.id desc limit $6`,
        [
          after?.id ?? null,
          filters.actorUserId ?? null,
          filters.entity ?? null,
          filters.from ?? null,
          filters.to ?? null,
          limit + 1,
        ],
      ),
    );
    return toPage(
      rows,
      limit,
      (row) => ({
        id: row.id,
        occurredAt: row.occurred_at.toISOString(),
        actorUserId: row.actor_user_id,
        actorName: row.actor_name,
        entity: row.entity,
        entityId: row.entity_id,
        action: row.action,
        changes: row.changes,
        requestId: row.request_id,
      }),
      (row) => ({ id: row.id }),
    );
  }
}
