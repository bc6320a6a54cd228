import { Injectable } from '@nestjs/common';
import { AuditLog, DomainEvents, notFound, staleVersion, Transactions, type Db } from '@maillage/platform';
import type { Fragility, PriorityStatus } from '../ecosystem.types.js';
import { PrioritiesRepository, type PriorityRow } from './priorities.repository.js';

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
    private readonly priorities: PrioritiesRepository,
    private readonly events: DomainEvents,
  ) {}

  list(status?: PriorityStatus): Promise<PriorityView[]> {
    return this.transactions.tenant(async (db) => {
      const rows = await this.priorities.list(db, status ?? null);
      return rows.map(priorityView);
    });
  }

  private async find(db: Db, id: string): Promise<PriorityRow> {
    const row = await this.priorities.findForUpdate(db, id);
    if (!row) throw notFound();
    return row;
  }

  get(id: string): Promise<PriorityView> {
    return this.transactions.tenant(async (db) => priorityView(await this.find(db, id)));
  }

  create(input: PriorityInput): Promise<PriorityView> {
    return this.transactions.tenant((db) => this.createIn(db, input));
  }

  /** Creates an enjeu in the caller's transaction (audited, announced), for features that make one with other work. */
  async createIn(db: Db, input: PriorityInput): Promise<PriorityView> {
    const row = await this.priorities.insert(db, {
      title: input.title.trim(),
      description: input.description?.trim() ?? '',
      fragilities: [...new Set(input.fragilities ?? [])].sort(),
      status: input.status ?? 'active',
    });
    const view = priorityView(row);
    await this.audit.record(db, { entity: 'priority', entityId: view.id, action: 'create', after: { ...view } });
    await this.saved(db, view.id, view.title, true);
    return view;
  }

  update(id: string, version: number, patch: Partial<PriorityInput>): Promise<PriorityView> {
    return this.transactions.tenant((db) => this.updateIn(db, id, version, patch));
  }

  /**
   * Changes an enjeu in the caller's transaction; `version` null when the caller changes it
   * without having shown it (adding a fragility from a study's results).
   */
  async updateIn(db: Db, id: string, version: number | null, patch: Partial<PriorityInput>): Promise<PriorityView> {
    const current = await this.find(db, id);
    if (version !== null && current.version !== version) throw staleVersion(current.version);
    const row = await this.priorities.update(db, id, {
      title: patch.title?.trim() ?? current.title,
      description: patch.description?.trim() ?? current.description,
      fragilities: patch.fragilities ? [...new Set(patch.fragilities)].sort() : current.fragilities,
      status: patch.status ?? current.status,
    });
    const view = priorityView(row);
    await this.audit.record(db, {
      entity: 'priority',
      entityId: id,
      action: 'update',
      before: { ...priorityView(current) },
      after: { ...view },
    });
    await this.saved(db, id, view.title, false);
    return view;
  }

  remove(id: string): Promise<void> {
    return this.transactions.tenant(async (db) => {
      const current = await this.find(db, id);
      await this.priorities.delete(db, id);
      await this.audit.record(db, {
        entity: 'priority',
        entityId: id,
        action: 'delete',
        before: { ...priorityView(current) },
      });
      await this.events.emit(db, {
        kind: 'priority.deleted',
        subject: { type: 'priority', id },
        data: { title: current.title },
      });
    });
  }

  private async saved(db: Db, id: string, title: string, created: boolean): Promise<void> {
    await this.events.emit(db, { kind: 'priority.saved', subject: { type: 'priority', id }, data: { title, created } });
  }
}
