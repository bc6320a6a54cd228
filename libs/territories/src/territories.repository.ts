import { Injectable } from '@nestjs/common';
import type { Db } from '@maillage/platform';
import { TERRITORY_COLUMNS, type TerritoryKind, type TerritoryRow } from './territory.types.js';

/** A new territory's fields, as the service has resolved them. */
export interface NewTerritory {
  id: string;
  kind: TerritoryKind;
  code: string | null;
  name: string;
  population: number;
  regionCodes: string[];
  departementCodes: string[];
  epciCode: string | null;
  communeCount: number;
  createdBy: string | null;
  /** A demo workspace (generated content). */
  demo?: boolean;
}

/** SQL of the territories and their member communes. */
@Injectable()
export class TerritoriesRepository {
  /** The inserted row, or undefined when a workspace already exists for the area. */
  async insert(db: Db, territory: NewTerritory): Promise<TerritoryRow | undefined> {
    const rows: TerritoryRow[] = await db.query(
      `insert into territories as t (id, kind, code, name, population, region_codes, departement_codes, epci_code,
                                     commune_count, created_by, demo)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       on conflict do nothing
       returning ${TERRITORY_COLUMNS}`,
      [
        territory.id,
        territory.kind,
        territory.code,
        territory.name,
        territory.population,
        territory.regionCodes,
        territory.departementCodes,
        territory.epciCode,
        territory.communeCount,
        territory.createdBy,
        territory.demo ?? false,
      ],
    );
    return rows[0];
  }

  async insertCommunes(db: Db, territoryId: string, communeCodes: string[]): Promise<void> {
    await db.query(`insert into territory_communes (territory_id, commune_code) select $1, unnest($2::text[])`, [
      territoryId,
      communeCodes,
    ]);
  }

  /** Every territory (administrator: `all`) or the user's own, with the user's role, by name. */
  async page(
    db: Db,
    userId: string | null,
    all: boolean,
    afterName: string | number | null,
    afterId: string | number | null,
    take: number,
  ): Promise<TerritoryRow[]> {
    return db.query(
      `select ${TERRITORY_COLUMNS}, m.role as my_role
       from territories t
       ${all ? 'left' : ''} join memberships m on m.territory_id = t.id and m.user_id = $1
       where ($2::text is null or (t.name, t.id::text) > ($2, $3))
       order by t.name, t.id
       limit $4`,
      [userId, afterName, afterId, take],
    );
  }

  /** The territory with the user's role in it. */
  async findWithRole(db: Db, territoryId: string, userId: string | null): Promise<TerritoryRow | undefined> {
    const rows: TerritoryRow[] = await db.query(
      `select ${TERRITORY_COLUMNS}, m.role as my_role
       from territories t left join memberships m on m.territory_id = t.id and m.user_id = $2
       where t.id = $1`,
      [territoryId, userId],
    );
    return rows[0];
  }

  /** The territory's commune codes after `after`, in order. */
  async communeCodes(db: Db, after: string | number | null, take: number): Promise<{ commune_code: string }[]> {
    return db.query(
      `select commune_code from territory_communes where ($1::text is null or commune_code > $1)
       order by commune_code limit $2`,
      [after, take],
    );
  }

  async name(db: Db, territoryId: string): Promise<string | undefined> {
    const names: { name: string }[] = await db.query(`select name from territories where id = $1`, [territoryId]);
    return names[0]?.name;
  }

  async hasCommune(db: Db, communeCode: string): Promise<boolean> {
    const rows: unknown[] = await db.query(`select 1 from territory_communes where commune_code = $1`, [communeCode]);
    return rows.length > 0;
  }
}
