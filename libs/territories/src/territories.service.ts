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
import {
  TERRITORY_COLUMNS,
  territoryView,
  type TerritoryKind,
  type TerritoryRow,
  type TerritoryView,
} from './territory.types.js';

export interface CreateTerritoryInput {
  kind: TerritoryKind;
  code?: string;
  name?: string;
  communes?: string[];
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
  ) {}

  /** Creates a workspace for an official area (checked against the official lists) or a custom grouping. */
  async create(input: CreateTerritoryInput): Promise<TerritoryView> {
    const area = this.resolve(input);
    const id = randomUUID();
    const code = input.kind === 'custom' ? null : (input.code as string);
    return this.transactions.withTerritory(id, 'territory.create', async (db) => {
      const rows: TerritoryRow[] = await db.query(
        `insert into territories as t (id, kind, code, name, population, region_codes, departement_codes, epci_code,
                                       commune_count, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         on conflict do nothing
         returning ${TERRITORY_COLUMNS}`,
        [
          id,
          input.kind,
          code,
          area.name,
          area.population,
          area.regionCodes,
          area.departementCodes,
          area.epciCode,
          area.communeCodes.length,
          this.context.caller?.userId ?? null,
        ],
      );
      const row = rows[0];
      if (!row) {
        throw new DomainError('conflict', {
          code: 'territory_exists',
          detail: 'Un espace existe déjà pour ce territoire.',
        });
      }
      await db.query(`insert into territory_communes (territory_id, commune_code) select $1, unnest($2::text[])`, [
        id,
        area.communeCodes,
      ]);
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
    const rows: TerritoryRow[] = await this.transactions.withoutTerritory('territory.list', (db) =>
      db.query(
        `select ${TERRITORY_COLUMNS}, m.role as my_role
         from territories t
         ${isAdmin ? 'left' : ''} join memberships m on m.territory_id = t.id and m.user_id = $1
         where ($2::text is null or (t.name, t.id::text) > ($2, $3))
         order by t.name, t.id
         limit $4`,
        [caller?.userId ?? null, after?.name ?? null, after?.id ?? null, limit + 1],
      ),
    );
    return toPage(rows, limit, territoryView, (row) => ({ name: row.name, id: row.id }));
  }

  /** The current territory (the access guard has checked the caller may see it). */
  async current(): Promise<TerritoryView> {
    const rows: TerritoryRow[] = await this.transactions.tenant((db) =>
      db.query(
        `select ${TERRITORY_COLUMNS}, m.role as my_role
         from territories t left join memberships m on m.territory_id = t.id and m.user_id = $2
         where t.id = $1`,
        [this.context.territoryId, this.context.caller?.userId ?? null],
      ),
    );
    if (!rows[0]) throw notFound();
    return territoryView(rows[0]);
  }

  /** The member communes of the current territory, by code. */
  async communes(limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<CommuneView>> {
    const after = decodeCursor(cursor, { code: 'string' });
    const rows: { commune_code: string }[] = await this.transactions.tenant((db) =>
      db.query(
        `select commune_code from territory_communes where ($1::text is null or commune_code > $1)
         order by commune_code limit $2`,
        [after?.code ?? null, limit + 1],
      ),
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
    const rows: unknown[] = await this.transactions.tenant((db) =>
      db.query(`select 1 from territory_communes where commune_code = $1`, [communeCode]),
    );
    return rows.length > 0;
  }
}
