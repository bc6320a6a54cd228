import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage, type Page } from '../http/pagination.js';
import type { FieldChange } from './audit-log.js';
import { AuditSubjects } from './audit-subjects.js';

export interface AuditEntryView {
  id: string;
  occurredAt: string;
  actorUserId: string | null;
  actorName: string | null;
  entity: string;
  entityId: string;
  action: string;
  /** What the entry is about, by name (the alliance's title, the actor's name); null when nothing names it. */
  subject: string | null;
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
  constructor(
    private readonly transactions: Transactions,
    private readonly subjects: AuditSubjects,
  ) {}

  async list(filters: AuditFilters, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<AuditEntryView>> {
    const after = decodeCursor(cursor, { id: 'int' });
    const { rows, names } = await this.transactions.tenant(async (db) => {
      const rows: AuditRow[] = await db.query(
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
      );
      const page = rows.slice(0, limit);
      const names = await this.subjects.resolve(
        db,
        page.map((row) => ({ entity: row.entity, entityId: row.entity_id })),
      );
      // A row that is gone is named from what its entries kept: its creation's title, its deletion's type.
      const gone = [...new Set(page.map((row) => `${row.entity}:${row.entity_id}`).filter((key) => !names.has(key)))];
      if (gone.length) {
        const history: { entity: string; entity_id: string; changes: Record<string, FieldChange> }[] = await db.query(
          `select entity, entity_id, changes from audit_log
           where entity || ':' || entity_id = any($1::text[]) order by id`,
          [gone],
        );
        for (const entry of history) {
          const key = `${entry.entity}:${entry.entity_id}`;
          const name = names.has(key) ? null : this.subjects.nameGone(entry.entity, entry.changes);
          if (name) names.set(key, name);
        }
      }
      return { rows, names };
    });
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
        subject: names.get(`${row.entity}:${row.entity_id}`) ?? null,
        changes: row.changes,
        requestId: row.request_id,
      }),
      (row) => ({ id: row.id }),
    );
  }
}
