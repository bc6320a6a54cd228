import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  AuditLog,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  notFound,
  DomainError,
  TenantContext,
  toPage,
  Transactions,
  type Page,
} from '@maillage/platform';
import { GeographyService, type OfficialKind, type ResolvedArea } from './geography.service.js';
import { TerritoriesRepository } from './territories.repository.js';
import { territoryView, type TerritoryKind, type TerritoryView } from './territory.types.js';

export interface CreateTerritoryInput {
  kind: TerritoryKind;
  code?: string;
  name?: string;
  communes?: string[];
  /** A demo workspace (the demo generator only; not an API field). */
  demo?: boolean;
}

export interface CommuneView {
  code: string;
  name: string;
  population: number;
}

@Injectable()
export class TerritoriesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly geography: GeographyService,
    private readonly context: TenantContext,
    private readonly audit: AuditLog,
    private readonly territories: TerritoriesRepository,
  ) {}

  /** Creates a workspace for an official area (checked against the official lists) or a custom grouping. */
  async create(input: CreateTerritoryInput): Promise<TerritoryView> {
    const area = this.resolve(input);
    const id = randomUUID();
    const code = input.kind === 'custom' ? null : (input.code as string);
    return this.transactions.withTerritory(id, 'territory.create', async (db) => {
      const row = await this.territories.insert(db, {
        id,
        kind: input.kind,
        code,
        name: area.name,
        population: area.population,
        regionCodes: area.regionCodes,
        departementCodes: area.departementCodes,
        epciCode: area.epciCode,
        communeCount: area.communeCodes.length,
        createdBy: this.context.caller?.userId ?? null,
        demo: input.demo ?? false,
      });
      if (!row) {
        throw new DomainError('conflict', {
          code: 'territory_exists',
          detail: 'Un espace existe déjà pour ce territoire.',
        });
      }
      await this.territories.insertCommunes(db, id, area.communeCodes);
      const view = territoryView(row);
      await this.audit.record(db, { entity: 'territory', entityId: id, action: 'create', after: { ...view } });
      return view;
    });
  }

  private resolve(input: CreateTerritoryInput): ResolvedArea {
    if (input.kind === 'custom') {
      if (input.code !== undefined) {
        throw new DomainError('invalid', {
          code: 'validation_failed',
          detail: 'Un territoire personnalisé n’a pas de code officiel.',
          errors: [{ field: 'code', message: 'interdit pour kind = custom' }],
        });
      }
      const resolved = this.geography.resolveCustom(input.name as string, input.communes as string[]);
      if ('unknown' in resolved) {
        throw new DomainError('invalid', {
          code: 'unknown_commune',
          detail: `Codes de commune inconnus : ${resolved.unknown.slice(0, 10).join(', ')}.`,
          errors: resolved.unknown
            .slice(0, 50)
            .map((code) => ({ field: 'communes', message: `commune inconnue : ${code}` })),
        });
      }
      return resolved;
    }
    const area = this.geography.resolveOfficial(input.kind as OfficialKind, input.code as string);
    if (!area) {
      throw new DomainError('invalid', {
        code: 'unknown_territory_code',
        detail: `Aucun territoire de type « ${input.kind} » n’a le code « ${input.code} » dans le découpage administratif officiel.`,
        errors: [{ field: 'code', message: 'code inconnu' }],
      });
    }
    return area;
  }

  /** Every territory for an administrator; otherwise the caller's own (with their role). */
  async list(limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<TerritoryView>> {
    const after = decodeCursor(cursor, { name: 'string', id: 'uuid' });
    const caller = this.context.caller;
    const isAdmin = caller?.globalRole === 'platform_admin';
    const rows = await this.transactions.withoutTerritory('territory.list', (db) =>
      this.territories.page(db, caller?.userId ?? null, isAdmin, after?.name ?? null, after?.id ?? null, limit + 1),
    );
    return toPage(rows, limit, territoryView, (row) => ({ name: row.name, id: row.id }));
  }

  /** The current territory (the access guard has checked the caller may see it). */
  async current(): Promise<TerritoryView> {
    const row = await this.transactions.tenant((db) =>
      this.territories.findWithRole(db, this.context.territoryId, this.context.caller?.userId ?? null),
    );
    if (!row) throw notFound();
    return territoryView(row);
  }

  /** The member communes of the current territory, by code. */
  async communes(limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<CommuneView>> {
    const after = decodeCursor(cursor, { code: 'string' });
    const rows = await this.transactions.tenant((db) =>
      this.territories.communeCodes(db, after?.code ?? null, limit + 1),
    );
    return toPage(
      rows,
      limit,
      (row) => {
        const commune = this.geography.commune(row.commune_code);
        return {
          code: row.commune_code,
          name: commune?.name ?? row.commune_code,
          population: commune?.population ?? 0,
        };
      },
      (row) => ({ code: row.commune_code }),
    );
  }

  /** Whether a commune lies inside the current territory (later: actors flagged `external`). */
  async containsCommune(communeCode: string): Promise<boolean> {
    return this.transactions.tenant((db) => this.territories.hasCommune(db, communeCode));
  }
}
