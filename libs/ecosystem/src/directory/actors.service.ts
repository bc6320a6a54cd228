import { assertMayFilterByAlliance, seesAllianceCount } from '../activity/alliance-visibility.js';
import { Injectable } from '@nestjs/common';
import {
  asciiJson,
  AuditLog,
  diffFields,
  DomainEvents,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  notFound,
  DomainError,
  staleVersion,
  TenantContext,
  toJsonPage,
  Transactions,
  type Db,
  type JsonText,
} from '@maillage/platform';
import { GeographyService } from '@maillage/territories';
import {
  type ActorFilters,
  type ActorInput,
  type ActorJsonRow,
  type ActorRow,
  type ActorView,
  type CheckedActor,
} from './actor.model.js';
import { ActorRules } from './actor-rules.js';
import { PrioritiesRepository } from '../activity/priorities.repository.js';
import { ACTOR_SORTS, ActorsRepository } from './actors.repository.js';
import { nafLabel } from './identifiers.js';
import { GeocodingService } from '../geocoding/geocoding.service.js';

@Injectable()
export class ActorsService {
  /** NAF codes' and communes' labels as the list writes them (`labelJson`): reference data, fixed while the API runs. */
  private readonly nafJson = new Map<string, string>();
  private readonly communeJson = new Map<string, string>();

  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly rules: ActorRules,
    private readonly geography: GeographyService,
    private readonly audit: AuditLog,
    private readonly priorities: PrioritiesRepository,
    private readonly actors: ActorsRepository,
    private readonly events: DomainEvents,
    private readonly geocoding: GeocodingService,
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
      locationPrecision: row.latitude !== null ? row.location_precision : null,
      website: row.website,
      foundedOn: row.founded_on,
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

  findIn(db: Db, id: string, lock = false): Promise<ActorRow | undefined> {
    return this.actors.find(db, id, lock);
  }

  async get(id: string): Promise<ActorView> {
    const row = await this.transactions.tenant((db) => this.findIn(db, id));
    if (!row) throw notFound();
    return this.view(row);
  }

  create(input: ActorInput): Promise<ActorView> {
    return this.transactions.tenant((db) => this.createIn(db, input));
  }

  /** `create` inside the caller's transaction (an accepted join request creates the actor it described). */
  async createIn(db: Db, input: ActorInput): Promise<ActorView> {
    const actor = this.rules.check(input);
    await this.assertPriorities(db, actor.priorityIds);
    const external = await this.isExternal(db, actor.communeCode);
    await this.assertUnique(db, actor, null);
    const id = (await this.uniqueOr409(() =>
      this.actors.insert(db, actor, { external, createdBy: this.context.caller?.userId ?? null }),
    )) as string;
    await this.actors.setPriorities(db, id, actor.priorityIds);
    const view = this.view((await this.findIn(db, id)) as ActorRow);
    await this.audit.record(db, { entity: 'actor', entityId: id, action: 'create', after: auditable(view) });
    await this.events.emit(db, {
      kind: 'actor.created',
      subject: { type: 'actor', id },
      data: { name: view.name, category: view.category },
    });
    return view;
  }

  /** Applies the given fields (null clears one, absent keeps it) if `version` is still the current one. */
  async update(id: string, version: number, patch: Partial<ActorInput>): Promise<ActorView> {
    const after = await this.transactions.tenant((db) => this.updateIn(db, id, version, patch));
    await this.placeAgainIfMoved(id, patch);
    return after;
  }

  /**
   * After a committed change of an actor's address or commune: if it has no position now (none before,
   * or a stale geocoded one was dropped), the geocoder places it again in the background.
   */
  async placeAgainIfMoved(id: string, patch: Partial<ActorInput>): Promise<void> {
    if (patch.address !== undefined || patch.communeCode !== undefined) await this.geocoding.afterEdit(id);
  }

  /** The actor with `patch` applied (null clears a field, absent keeps it): what `update` would store. */
  merged(before: ActorView, patch: Partial<ActorInput>): ActorInput {
    // A position the geocoder derived from the old address or commune no longer says where the actor is:
    // it is dropped (and geocoded again, see `update`) unless the patch gives one or a person placed it.
    const stale = positionIsStale(before, patch);
    return {
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
      latitude: patch.latitude !== undefined ? patch.latitude : stale ? null : (before.location?.latitude ?? null),
      longitude: patch.longitude !== undefined ? patch.longitude : stale ? null : (before.location?.longitude ?? null),
      website: patch.website !== undefined ? patch.website : before.website,
      foundedOn: patch.foundedOn !== undefined ? patch.foundedOn : before.foundedOn,
      fragilities: patch.fragilities ?? before.fragilities,
      priorityIds: patch.priorityIds ?? before.priorityIds,
      tags: patch.tags ?? before.tags,
      description: patch.description ?? before.description,
    };
  }

  /** `update` inside the caller's transaction (a reviewed profile change applies through it). */
  async updateIn(db: Db, id: string, version: number, patch: Partial<ActorInput>): Promise<ActorView> {
    const current = await this.findIn(db, id, true);
    if (!current) throw notFound();
    if (current.version !== version) throw staleVersion(current.version);
    const before = this.view(current);
    const actor = this.rules.check(this.merged(before, patch));
    await this.assertPriorities(db, actor.priorityIds);
    const external = await this.isExternal(db, actor.communeCode);
    await this.assertUnique(db, actor, id);
    await this.uniqueOr409(() => this.actors.update(db, id, actor, external));
    await this.actors.setPriorities(db, id, actor.priorityIds);
    const after = this.view((await this.findIn(db, id)) as ActorRow);
    await this.audit.record(db, {
      entity: 'actor',
      entityId: id,
      action: 'update',
      before: auditable(before),
      after: auditable(after),
    });
    await this.events.emit(db, {
      kind: 'actor.updated',
      subject: { type: 'actor', id },
      data: { name: after.name, fields: Object.keys(diffFields(auditable(before), auditable(after))) },
    });
    return after;
  }

  async archive(id: string, archived: boolean): Promise<ActorView> {
    return this.transactions.tenant(async (db) => {
      const current = await this.findIn(db, id, true);
      if (!current) throw notFound();
      await this.actors.setArchived(db, id, archived);
      const after = this.view((await this.findIn(db, id)) as ActorRow);
      await this.audit.record(db, {
        entity: 'actor',
        entityId: id,
        action: archived ? 'archive' : 'unarchive',
        before: { archivedAt: current.archived_at?.toISOString() ?? null },
        after: { archivedAt: after.archivedAt },
      });
      await this.events.emit(db, {
        kind: 'actor.archived',
        subject: { type: 'actor', id },
        data: { name: after.name, archived },
      });
      return after;
    });
  }

  /**
   * A page of the directory, as JSON text: each actor as PostgreSQL writes it (`ACTOR_JSON_SELECT`),
   * with the fields `view` adds from the API's reference tables and the caller's rights.
   */
  async list(filters: ActorFilters, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<JsonText> {
    assertMayFilterByAlliance(this.context.territory, filters.hasAlliance);
    const after = decodeCursor(cursor, { k: ACTOR_SORTS[filters.sort ?? 'name'].key, id: 'uuid' });
    // One statement: sent with the COMMIT, in one round trip.
    const rows = await this.transactions.tenantStatement((db) => this.actors.list(db, filters, after, limit));
    return toJsonPage(
      rows,
      limit,
      (row) => this.itemJson(row),
      (row) => ({ k: row.sort_key, id: row.id }),
    );
  }

  /** An actor of a list: its JSON text, with `priorityIds`, `nafLabel`, `communeName` and `allianceCount` as `view` gives them. */
  private itemJson(row: ActorJsonRow): string {
    const naf = row.naf_code ? this.labelJson(this.nafJson, row.naf_code, nafLabel) : 'null';
    const commune = row.commune_code
      ? this.labelJson(this.communeJson, row.commune_code, (code) => this.geography.commune(code)?.name)
      : 'null';
    const count = seesAllianceCount(this.context.territory, row.id) ? Number(row.alliance_count ?? 0) : null;
    return `${row.json.slice(0, -1)},"priorityIds":${row.priority_ids},"nafLabel":${naf},"communeName":${commune},"allianceCount":${count}}`;
  }

  /** A code's label as ASCII JSON text (the stored cards are ASCII: `asciiJson`), worked out once a code. */
  private labelJson(known: Map<string, string>, code: string, label: (code: string) => string | undefined): string {
    let json = known.get(code);
    if (json === undefined) {
      json = asciiJson(label(code) ?? null);
      known.set(code, json);
    }
    return json;
  }

  private async isExternal(db: Db, communeCode: string | null): Promise<boolean> {
    if (!communeCode) return false;
    return !(await this.actors.inTerritory(db, communeCode));
  }

  async assertPriorities(db: Db, ids: string[]): Promise<void> {
    const unknown = await this.priorities.unknownIds(db, ids);
    if (unknown.length > 0) {
      throw new DomainError('invalid', {
        code: 'unknown_priority',
        detail: 'Certains enjeux n’existent pas dans ce territoire.',
        errors: unknown.map(() => ({ field: 'priorityIds', message: 'enjeu inconnu' })),
      });
    }
  }

  /**
   * A SIRET or RNA another actor of the territory has: a 409 naming that actor, and saying when it is
   * archived (found with « Afficher les archivés »), so that the person reopens it rather than
   * creating a second card. The unique index stays the guard against two writes at once.
   */
  private async assertUnique(db: Db, actor: CheckedActor, exceptId: string | null): Promise<void> {
    if (!actor.siret && !actor.rna) return;
    const other = await this.actors.withIdentifier(db, actor.siret, actor.rna, exceptId);
    if (!other) return;
    const field = actor.siret && other.siret === actor.siret ? 'siret' : 'rna';
    const label = field === 'siret' ? 'SIRET' : 'RNA';
    throw new DomainError('conflict', {
      code: 'duplicate_actor',
      detail: other.archived
        ? `« ${other.name} », un acteur archivé du territoire, a déjà ce ${label} : réactivez sa fiche (annuaire, « Afficher les archivés ») plutôt que d’en créer une autre.`
        : `« ${other.name} », un acteur du territoire, a déjà ce ${label}.`,
      errors: [{ field, message: `déjà utilisé par « ${other.name} »${other.archived ? ' (archivé)' : ''}` }],
    });
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
        throw new DomainError('conflict', {
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

/** Whether `patch` moves a geocoded actor (new address or commune, no new position) away from its stored point. */
export function positionIsStale(before: ActorView, patch: Partial<ActorInput>): boolean {
  const moved =
    (patch.address !== undefined && (patch.address ?? null) !== before.address) ||
    (patch.communeCode !== undefined && (patch.communeCode ?? null) !== before.communeCode);
  const positionGiven = patch.latitude !== undefined || patch.longitude !== undefined;
  return moved && !positionGiven && before.locationPrecision !== null && before.locationPrecision !== 'manual';
}
