import { Injectable } from '@nestjs/common';
import type { Db } from '../database/db.js';

/**
 * Names what audit entries of one entity are about ("Jardin partagé des Pentes",
 * "Rapport « Activité du territoire »"), for the entity ids given, read under the
 * territory's row security. An id it cannot name (a deleted row) is left out.
 */
export type AuditSubjectResolver = (db: Db, entityIds: string[]) => Promise<Map<string, string>>;

/** Names a row that is gone from the values its entry kept (a deleted report from its type). */
export type AuditSubjectFromChanges = (changes: Record<string, { old: unknown; new: unknown }>) => string | null;

/** Fields whose value names a row, in the order they are tried when the row is gone. */
const NAMING_FIELDS = ['title', 'name', 'filename', 'email'] as const;

/** What a deleted row was called, from the values its entry kept. */
export function nameFromChanges(changes: Record<string, { old: unknown; new: unknown }>): string | null {
  for (const field of NAMING_FIELDS) {
    const change = changes[field];
    const value = change?.new ?? change?.old;
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return null;
}

/**
 * The features' resolvers, one per audited entity. The audit log lives in the
 * platform and knows no feature's tables: each feature registers how its own
 * rows are named, and the audit query asks once per entity and page.
 */
@Injectable()
export class AuditSubjects {
  private readonly resolvers = new Map<string, AuditSubjectResolver>();
  private readonly fromChanges = new Map<string, AuditSubjectFromChanges>();

  register(entity: string, resolver: AuditSubjectResolver, fromChanges?: AuditSubjectFromChanges): void {
    this.resolvers.set(entity, resolver);
    if (fromChanges) this.fromChanges.set(entity, fromChanges);
  }

  /** What a gone row was called: the feature's own reading of the entry, else its title, name or address. */
  nameGone(entity: string, changes: Record<string, { old: unknown; new: unknown }>): string | null {
    return this.fromChanges.get(entity)?.(changes) ?? nameFromChanges(changes);
  }

  /** `entity:entityId` → name, for the entries of one page. */
  async resolve(db: Db, entries: { entity: string; entityId: string }[]): Promise<Map<string, string>> {
    const idsByEntity = new Map<string, Set<string>>();
    for (const entry of entries) {
      if (!this.resolvers.has(entry.entity)) continue;
      const ids = idsByEntity.get(entry.entity) ?? new Set<string>();
      ids.add(entry.entityId);
      idsByEntity.set(entry.entity, ids);
    }
    const names = new Map<string, string>();
    for (const [entity, ids] of idsByEntity) {
      const resolver = this.resolvers.get(entity);
      if (!resolver) continue;
      for (const [id, name] of await resolver(db, [...ids])) names.set(`${entity}:${id}`, name);
    }
    return names;
  }
}

/** Rows named by `sql` (selecting `id` and `name` for the ids in `$1`, text), as a resolver answers them. */
export async function namedRows(db: Db, sql: string, ids: string[]): Promise<Map<string, string>> {
  const rows: { id: string; name: string | null }[] = await db.query(sql, [ids]);
  return new Map(rows.flatMap((row) => (row.name ? [[row.id, row.name] as [string, string]] : [])));
}

/** The leading uuid of an entity id (some entries are `allianceId:actorId[:period]`). */
export function leadingId(entityId: string): string {
  return entityId.slice(0, 36);
}
