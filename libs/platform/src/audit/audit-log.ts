import type { AuditActionOf, AuditEntity } from '@maillage/contract';
import type { Db } from '../database/db.js';
import { Injectable } from '@nestjs/common';
import { TenantContext } from '../tenancy/tenant-context.js';

export interface FieldChange {
  old: unknown;
  new: unknown;
}

/** Keys whose values never enter the audit log. */
const SECRET_KEY = /password|hash|token|secret/i;

/** The fields that differ between two versions of a row, secrets masked. */
export function diffFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null) {
  const changes: Record<string, FieldChange> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    const previous = before?.[key] ?? null;
    const next = after?.[key] ?? null;
    if (JSON.stringify(previous) === JSON.stringify(next)) continue;
    changes[key] = SECRET_KEY.test(key) ? { old: '[secret]', new: '[secret]' } : { old: previous, new: next };
  }
  return changes;
}

/** One change: an entity of the catalogue (`AUDIT_EVENTS`) and one of its actions. */
export type AuditEntry = {
  [E in AuditEntity]: {
    entity: E;
    entityId: string;
    action: AuditActionOf<E>;
    before?: Record<string, unknown> | null;
    after?: Record<string, unknown> | null;
  };
}[AuditEntity];

/**
 * Appends to the territory's audit log inside the caller's transaction, so
 * the change and its record commit or roll back together. The territory is
 * the transaction's own; the author and request id come from the context.
 */
@Injectable()
export class AuditLog {
  constructor(private readonly context: TenantContext) {}

  /** The record is written with the transaction's COMMIT (`Db.withCommit`): no round trip of its own. */
  async record(manager: Db, entry: AuditEntry): Promise<void> {
    const changes = diffFields(entry.before ?? null, entry.after ?? null);
    manager.withCommit(
      `insert into audit_log (actor_user_id, entity, entity_id, action, changes, request_id)
       values ($1, $2, $3, $4, $5, $6)`,
      [
        this.context.caller?.userId ?? null,
        entry.entity,
        entry.entityId,
        entry.action,
        JSON.stringify(changes),
        this.context.requestId ?? null,
      ],
    );
  }
}
