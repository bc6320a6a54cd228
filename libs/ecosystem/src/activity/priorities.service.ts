import { Injectable } from '@nestjs/common';
import { AuditLog, notFound, staleVersion, Transactions, type Db } from '@maillage/platform';
import type { Fragility, PriorityStatus } from '../ecosystem.types.js';

export interface PriorityInput {
  title: string;
  description?: string;
  fragilities?: Fragility[];
  status?: PriorityStatus;
}

export interface PriorityView {
  id: string;
  title: string;
  description: string;
  fragilities: Fragility[];
  status: PriorityStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}

interface PriorityRow {
  id: string;
  title: string;
  description: string;
  fragilities: Fragility[];
  status: PriorityStatus;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, title, description, fragilities, status, version, created_at, updated_at';

function priorityView(row: PriorityRow): PriorityView {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    fragilities: row.fragilities,
    status: row.status,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The territory's priority issues (enjeux), each tagged with fragilities. */
@Injectable()
export class PrioritiesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
  ) {}

  list(status?: PriorityStatus): Promise<PriorityView[]> {
    return this.transactions.tenant(async (db) => {
      const rows: PriorityRow[] = await db.query(
        `select ${COLUMNS} from priorities where ($1::text is null or status = $1) order by title, id`,
        [status ?? null],
      );
      return rows.map(priorityView);
    });
  }

  private async find(db: Db, id: string): Promise<PriorityRow> {
    const rows: PriorityRow[] = await db.query(`select ${COLUMNS} from priorities where id = $1 for update`, [id]);
    if (!rows[0]) throw notFound();
    return rows[0];
  }

  get(id: string): Promise<PriorityView> {
    return this.transactions.tenant(async (db) => priorityView(await this.find(db, id)));
  }

  create(input: PriorityInput): Promise<PriorityView> {
    return this.transactions.tenant(async (db) => {
      const rows: PriorityRow[] = await db.query(
        `insert into priorities (title, description, fragilities, status)
         values ($1, $2, $3, $4) returning ${COLUMNS}`,
        [
          input.title.trim(),
          input.description?.trim() ?? '',
          [...new Set(input.fragilities ?? [])].sort(),
          input.status ?? 'active',
        ],
      );
      const view = priorityView(rows[0] as PriorityRow);
      await this.audit.record(db, { entity: 'priority', entityId: view.id, action: 'create', after: { ...view } });
      return view;
    });
  }

  update(id: string, version: number, patch: Partial<PriorityInput>): Promise<PriorityView> {
    return this.transactions.tenant(async (db) => {
      const current = await this.find(db, id);
      if (current.version !== version) throw staleVersion(current.version);
      const rows: PriorityRow[] = await db.query(
        `with changed as (
           update priorities set title = $2, description = $3, fragilities = $4, status = $5, version = version + 1,
                  updated_at = now()
           where id = $1 returning ${COLUMNS}
         ) select * from changed`,
        [
          id,
          patch.title?.trim() ?? current.title,
          patch.description?.trim() ?? current.description,
          patch.fragilities ? [...new Set(patch.fragilities)].sort() : current.fragilities,
          patch.status ?? current.status,
        ],
      );
      const view = priorityView(rows[0] as PriorityRow);
      await this.audit.record(db, {
        entity: 'priority',
        entityId: id,
        action: 'update',
        before: { ...priorityView(current) },
        after: { ...view },
      });
      return view;
    });
  }

  remove(id: string): Promise<void> {
    return this.transactions.tenant(async (db) => {
      const current = await this.find(db, id);
      await db.query(`delete from priorities where id = $1`, [id]);
      await this.audit.record(db, {
        entity: 'priority',
        entityId: id,
        action: 'delete',
        before: { ...priorityView(current) },
      });
    });
  }
}
