import { assertMayFilterByAlliance, seesAllianceCount } from '../activity/alliance-visibility.js';
import { HttpStatus, Injectable } from '@nestjs/common';
import {
  AuditLog,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  notFound,
  ProblemException,
  staleVersion,
  TenantContext,
  toPage,
  Transactions,
  type Page,
  type Db,
} from '@maillage/platform';
import { GeographyService } from '@maillage/territories';
import { ACTOR_SELECT, type ActorInput, type ActorRow, type ActorView } from './actor.model.js';
import { ActorRules, type CheckedActor } from './actor-rules.js';
import { PrioritiesRepository } from '../activity/priorities.repository.js';
import type { ActorCategory, Fragility, SizeClass } from '../ecosystem.types.js';
import { nafLabel, normaliseText } from './identifiers.js';

export type ActorSort = 'name' | '-name' | 'createdAt' | '-createdAt';

export interface ActorFilters {
  category?: ActorCategory;
  sizeClass?: SizeClass;
  communeCode?: string;
  fragility?: Fragility;
  tag?: string;
  hasAlliance?: boolean;
  q?: string;
  includeArchived?: boolean;
  sort?: ActorSort;
}

/** Words of a search, as a prefix query that ignores accents and case. */
export function searchQuery(text: string): string | null {
  const words = normaliseText(text).split(' ').filter(Boolean).slice(0, 10);
  return words.length ? words.map((word) => `${word}:*`).join(' & ') : null;
}

/** The SQL filter for actor lists, shared by the list, the map and exports. */
export function actorFilterSql(filters: ActorFilters, params: unknown[]): string {
  const clauses: string[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (!filters.includeArchived) clauses.push('a.archived_at is null');
  if (filters.category) clauses.push(`a.category = ${bind(filters.category)}`);
  if (filters.sizeClass) clauses.push(`a.size_class = ${bind(filters.sizeClass)}`);
  if (filters.communeCode) clauses.push(`a.commune_code = ${bind(filters.communeCode)}`);
  if (filters.fragility) clauses.push(`${bind(filters.fragility)} = any(a.fragilities)`);
  if (filters.tag) clauses.push(`${bind(filters.tag.toLowerCase())} = any(a.tags)`);
  if (filters.hasAlliance !== undefined) {
    clauses.push(
      `${filters.hasAlliance ? '' : 'not '}exists (select 1 from alliance_parties p where p.territory_id = a.territory_id and p.actor_id = a.id)`,
    );
  }
  const query = filters.q ? searchQuery(filters.q) : null;
  if (filters.q !== undefined) {
    clauses.push(query ? `a.search_vector @@ to_tsquery('simple', ${bind(query)})` : 'false');
  }
  return clauses.length ? `where ${clauses.join(' and ')}` : '';
}

/** Sort orders; the cursor keeps the sort key as the database computed it (lower(), microseconds). */
const SORTS: Record<ActorSort, { order: string; column: string; desc: boolean; key: 'string' | 'timestamp' }> = {
  name: { order: 'lower(a.name) asc, a.id asc', column: 'lower(a.name)', desc: false, key: 'string' },
  '-name': { order: 'lower(a.name) desc, a.id desc', column: 'lower(a.name)', desc: true, key: 'string' },
  createdAt: { order: 'a.created_at asc, a.id asc', column: 'a.created_at', desc: false, key: 'timestamp' },
  '-createdAt': { order: 'a.created_at desc, a.id desc', column: 'a.created_at', desc: true, key: 'timestamp' },
};

/**
 * Inserts one checked actor in the current territory; with `skipDuplicates`,
 * a row that would break a unique index (SIRET, RNA) is skipped and no id
 * returned. Shared by the API and the import job.
 */
export async function insertActor(
  db: Db,
  actor: CheckedActor,
  options: { external: boolean; createdBy: string | null; importedFrom?: string; skipDuplicates?: boolean },
): Promise<string | undefined> {
  const rows: { id: string }[] = await db.query(
    `insert into actors (category, name, employer, size_class, siren, siret, rna, naf_code, commune_code,
                         external, address, latitude, longitude, website, fragilities, tags, description, search_text,
                         created_by, imported_from)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
             $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
     ${options.skipDuplicates ? 'on conflict do nothing' : ''}
     returning id`,
    [
      actor.category,
      actor.name,
      actor.employer,
      actor.sizeClass,
      actor.siren,
      actor.siret,
      actor.rna,
      actor.nafCode,
      actor.communeCode,
      options.external,
      actor.address,
      actor.latitude,
      actor.longitude,
      actor.website,
      actor.fragilities,
      actor.tags,
      actor.description,
      searchText(actor),
      options.createdBy,
      options.importedFrom ?? null,
    ],
  );
  return rows[0]?.id;
}

/** What full-text search reads of an actor: name, description and tags, without accents. */
export function searchText(actor: Pick<CheckedActor, 'name' | 'description' | 'tags'>): string {
  return normaliseText(`${actor.name} ${actor.description} ${actor.tags.join(' ')}`);
}

@Injectable()
export class ActorsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly rules: ActorRules,
    private readonly geography: GeographyService,
    private readonly audit: AuditLog,
    private readonly priorities: PrioritiesRepository,
  ) {}

  view(row: ActorRow): ActorView {
    return {
      id: row.id,
      category: row.category,
      name: row.name,
      employer: row.employer,
      sizeClass: row.size_class,
      siren: row.siren,
      siret: row.siret,
      rna: row.rna,
      nafCode: row.naf_code,
      nafLabel: row.naf_code ? (nafLabel(row.naf_code) ?? null) : null,
      communeCode: row.commune_code,
      communeName: row.commune_code ? (this.geography.commune(row.commune_code)?.name ?? null) : null,
      external: row.external,
      address: row.address,
      location:
        row.latitude !== null && row.longitude !== null ? { latitude: row.latitude, longitude: row.longitude } : null,
      website: row.website,
      fragilities: row.fragilities,
      priorityIds: row.priority_ids ?? [],
      tags: row.tags,
      description: row.description,
      allianceCount: seesAllianceCount(this.context.territory, row.id) ? Number(row.alliance_count ?? 0) : null,
      archivedAt: row.archived_at?.toISOString() ?? null,
      version: row.version,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }

  async findIn(db: Db, id: string, lock = false): Promise<ActorRow | undefined> {
    const rows: ActorRow[] = await db.query(`${ACTOR_SELECT} where a.id = $1${lock ? ' for update of a' : ''}`, [id]);
    return rows[0];
  }

  async get(id: string): Promise<ActorView> {
    const row = await this.transactions.tenant((db) => this.findIn(db, id));
    if (!row) throw notFound();
    return this.view(row);
  }

  async create(input: ActorInput): Promise<ActorView> {
    const actor = this.rules.check(input);
    return this.transactions.tenant(async (db) => {
      await this.assertPriorities(db, actor.priorityIds);
      const external = await this.isExternal(db, actor.communeCode);
      const id = (await this.uniqueOr409(() =>
        insertActor(db, actor, { external, createdBy: this.context.caller?.userId ?? null }),
      )) as string;
      await this.setPriorities(db, id, actor.priorityIds);
      const view = this.view((await this.findIn(db, id)) as ActorRow);
      await this.audit.record(db, { entity: 'actor', entityId: id, action: 'create', after: auditable(view) });
      return view;
    });
  }

  /** Applies the given fields (null clears one, absent keeps it) if `version` is still the current one. */
  async update(id: string, version: number, patch: Partial<ActorInput>): Promise<ActorView> {
    return this.transactions.tenant(async (db) => {
      const current = await this.findIn(db, id, true);
      if (!current) throw notFound();
      if (current.version !== version) throw staleVersion(current.version);
      const before = this.view(current);
      const merged: ActorInput = {
        category: patch.category ?? before.category,
        name: patch.name ?? before.name,
        employer: patch.employer !== undefined ? patch.employer : before.employer,
        sizeClass: patch.sizeClass !== undefined ? patch.sizeClass : before.sizeClass,
        siren: patch.siren !== undefined ? patch.siren : before.siren,
        siret: patch.siret !== undefined ? patch.siret : before.siret,
        rna: patch.rna !== undefined ? patch.rna : before.rna,
        nafCode: patch.nafCode !== undefined ? patch.nafCode : before.nafCode,
        communeCode: patch.communeCode !== undefined ? patch.communeCode : before.communeCode,
        address: patch.address !== undefined ? patch.address : before.address,
        latitude: patch.latitude !== undefined ? patch.latitude : (before.location?.latitude ?? null),
        longitude: patch.longitude !== undefined ? patch.longitude : (before.location?.longitude ?? null),
        website: patch.website !== undefined ? patch.website : before.website,
        fragilities: patch.fragilities ?? before.fragilities,
        priorityIds: patch.priorityIds ?? before.priorityIds,
        tags: patch.tags ?? before.tags,
        description: patch.description ?? before.description,
      };
      const actor = this.rules.check(merged);
      await this.assertPriorities(db, actor.priorityIds);
      const external = await this.isExternal(db, actor.communeCode);
      await this.uniqueOr409(() =>
        db.query(
          `update actors set category = $2, name = $3, employer = $4, size_class = $5, siren = $6, siret = $7, rna = $8,
                  naf_code = $9, commune_code = $10, external = $11, address = $12, latitude = $13, longitude = $14,
                  website = $15, fragilities = $16, tags = $17, description = $18, search_text = $19,
                  version = version + 1, updated_at = now()
           where id = $1`,
          [
            id,
            actor.category,
            actor.name,
            actor.employer,
            actor.sizeClass,
            actor.siren,
            actor.siret,
            actor.rna,
            actor.nafCode,
            actor.communeCode,
            external,
            actor.address,
            actor.latitude,
            actor.longitude,
            actor.website,
            actor.fragilities,
            actor.tags,
            actor.description,
            searchText(actor),
          ],
        ),
      );
      await this.setPriorities(db, id, actor.priorityIds);
      const after = this.view((await this.findIn(db, id)) as ActorRow);
      await this.audit.record(db, {
        entity: 'actor',
        entityId: id,
        action: 'update',
        before: auditable(before),
        after: auditable(after),
      });
      return after;
    });
  }

  async archive(id: string, archived: boolean): Promise<ActorView> {
    return this.transactions.tenant(async (db) => {
      const current = await this.findIn(db, id, true);
      if (!current) throw notFound();
      await db.query(
        `update actors set archived_at = ${archived ? 'coalesce(archived_at, now())' : 'null'},
                version = version + 1, updated_at = now() where id = $1`,
        [id],
      );
      const after = this.view((await this.findIn(db, id)) as ActorRow);
      await this.audit.record(db, {
        entity: 'actor',
        entityId: id,
        action: archived ? 'archive' : 'unarchive',
        before: { archivedAt: current.archived_at?.toISOString() ?? null },
        after: { archivedAt: after.archivedAt },
      });
      return after;
    });
  }

  async list(filters: ActorFilters, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<ActorView>> {
    assertMayFilterByAlliance(this.context.territory, filters.hasAlliance);
    const sort = SORTS[filters.sort ?? 'name'];
    const after = decodeCursor(cursor, { k: sort.key, id: 'uuid' });
    const params: unknown[] = [];
    let where = actorFilterSql(filters, params);
    if (after) {
      params.push(after.k, after.id);
      const keyed = `(${sort.column}, a.id) ${sort.desc ? '<' : '>'} ($${params.length - 1}${sort.key === 'timestamp' ? "::timestamp at time zone 'UTC'" : ''}, $${params.length}::uuid)`;
      where = where ? `${where} and ${keyed}` : `where ${keyed}`;
    }
    params.push(limit + 1);
    const sortKey =
      sort.key === 'timestamp'
        ? `to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`
        : 'lower(a.name)';
    const rows: (ActorRow & { sort_key: string })[] = await this.transactions.tenant((db) =>
      db.query(
        `${ACTOR_SELECT.replace(/\n\s*from actors a$/, `, ${sortKey} as sort_key from actors a`)} ${where}
         order by ${sort.order} limit $${params.length}`,
        params,
      ),
    );
    return toPage(
      rows,
      limit,
      (row) => this.view(row),
      (row) => ({ k: row.sort_key, id: row.id }),
    );
  }

  private async isExternal(db: Db, communeCode: string | null): Promise<boolean> {
    if (!communeCode) return false;
    const rows: unknown[] = await db.query(`select 1 from territory_communes where commune_code = $1`, [communeCode]);
    return rows.length === 0;
  }

  async assertPriorities(db: Db, ids: string[]): Promise<void> {
    const unknown = await this.priorities.unknownIds(db, ids);
    if (unknown.length > 0) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, {
        code: 'unknown_priority',
        detail: 'Certains enjeux n’existent pas dans ce territoire.',
        errors: unknown.map(() => ({ field: 'priorityIds', message: 'enjeu inconnu' })),
      });
    }
  }

  private async setPriorities(db: Db, actorId: string, ids: string[]): Promise<void> {
    await db.query(`delete from actor_priorities where actor_id = $1`, [actorId]);
    if (ids.length === 0) return;
    await db.query(
      `insert into actor_priorities (actor_id, priority_id)
       select $1, unnest($2::uuid[])`,
      [actorId, ids],
    );
  }

  /** A SIRET or RNA already used in the territory is a 409 (the unique index is per territory). */
  private async uniqueOr409<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const pg = error as { driverError?: { code?: string; constraint?: string }; code?: string; constraint?: string };
      const code = pg.driverError?.code ?? pg.code;
      const constraint = pg.driverError?.constraint ?? pg.constraint ?? '';
      if (code === '23505' && /actors_(siret|rna)_key/.test(constraint)) {
        const field = constraint.includes('siret') ? 'siret' : 'rna';
        throw new ProblemException(HttpStatus.CONFLICT, {
          code: 'duplicate_actor',
          detail: `Un acteur du territoire a déjà ce ${field.toUpperCase()}.`,
          errors: [{ field, message: 'déjà utilisé dans le territoire' }],
        });
      }
      throw error;
    }
  }
}

/** What the audit log keeps of an actor: its fields, not derived counters. */
function auditable(view: ActorView): Record<string, unknown> {
  const {
    allianceCount: _count,
    version: _version,
    updatedAt: _updated,
    createdAt: _created,
    nafLabel: _label,
    communeName: _name,
    ...fields
  } = view;
  return fields;
}
