import { Injectable } from '@nestjs/common';
import type { Db } from '@maillage/platform';
import type { GeocodeMatch } from './ban-geocoder.js';
import type { GeocodingRowResult } from './geocoding.types.js';

export interface GeocodingRunRow {
  id: string;
  import_id: string | null;
  status: 'running' | 'completed' | 'failed';
  actor_ids: string[];
  rows: GeocodingRowResult[];
  progress: number;
  error: string | null;
  requested_by: string | null;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
}

export interface ActorToPlace {
  id: string;
  name: string;
  address: string | null;
  commune_code: string | null;
  location_precision: string | null;
  archived: boolean;
}

/** Actors without a precise position: none, or their commune's only. */
const NEEDS_POSITION = `a.archived_at is null and a.merged_into is null
  and (a.location_precision is null or a.location_precision = 'commune')
  and (a.address is not null or a.commune_code is not null)`;

/** SQL of the geocoding runs and of the positions they give actors. */
@Injectable()
export class GeocodingRepository {
  /** Actors a run would place: without a precise position, with an address or a commune; those of an import only. */
  async candidates(db: Db, importId?: string): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      `select a.id from actors a where ${NEEDS_POSITION}
         ${importId ? 'and a.imported_from = $1 and a.latitude is null' : ''}
       order by a.created_at, a.id limit 20000`,
      importId ? [importId] : [],
    );
    return rows.map((row) => row.id);
  }

  /** The given actors that have an address or a commune and no position. */
  async unplaced(db: Db, actorIds: string[]): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      `select a.id from actors a where ${NEEDS_POSITION} and a.latitude is null and a.id = any($1::uuid[])
       order by a.created_at, a.id`,
      [actorIds],
    );
    return rows.map((row) => row.id);
  }

  async create(
    db: Db,
    actorIds: string[],
    options: { importId: string | null; requestedBy: string | null },
  ): Promise<GeocodingRunRow> {
    const rows: GeocodingRunRow[] = await db.query(
      `insert into geocoding_runs (actor_ids, import_id, requested_by, status, progress, completed_at)
       values ($1::uuid[], $2, $3, case when cardinality($1::uuid[]) = 0 then 'completed' else 'running' end,
               case when cardinality($1::uuid[]) = 0 then 100 else 0 end,
               case when cardinality($1::uuid[]) = 0 then now() end)
       returning *`,
      [actorIds, options.importId, options.requestedBy],
    );
    return rows[0]!;
  }

  async find(db: Db, id: string, lock = false): Promise<GeocodingRunRow | undefined> {
    const rows: GeocodingRunRow[] = await db.query(
      `select * from geocoding_runs where id = $1${lock ? ' for update' : ''}`,
      [id],
    );
    return rows[0];
  }

  latest(db: Db, importId?: string): Promise<GeocodingRunRow[]> {
    return db.query(
      `select * from geocoding_runs ${importId ? 'where import_id = $1' : ''} order by created_at desc, id limit 20`,
      importId ? [importId] : [],
    );
  }

  /** The run still going, if any (one at a time per territory). */
  async running(db: Db): Promise<GeocodingRunRow | undefined> {
    const rows: GeocodingRunRow[] = await db.query(
      `select * from geocoding_runs where status = 'running' order by created_at desc limit 1`,
    );
    return rows[0];
  }

  /** The actors of a batch as they stand now. */
  actors(db: Db, ids: string[]): Promise<ActorToPlace[]> {
    return db.query(
      `select a.id, a.name, a.address, a.commune_code, a.location_precision,
              (a.archived_at is not null or a.merged_into is not null) as archived
       from actors a where a.id = any($1::uuid[])`,
      [ids],
    );
  }

  /**
   * Gives an actor the position found, unless a person placed it meanwhile, or
   * it already has one at least as precise; whether it was placed.
   */
  async place(db: Db, actorId: string, found: GeocodeMatch): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `update actors a set latitude = $2, longitude = $3, location_precision = $4,
              version = version + 1, updated_at = now()
       where a.id = $1 and ${NEEDS_POSITION}
         and (a.location_precision is null or $4 <> 'commune')
       returning 1`,
      [actorId, found.latitude, found.longitude, found.precision],
    );
    return rows.length > 0;
  }

  async progress(db: Db, id: string, rows: GeocodingRowResult[], progress: number): Promise<void> {
    await db.query(
      `update geocoding_runs set rows = $2::jsonb, progress = $3, updated_at = now() where id = $1 and status = 'running'`,
      [id, JSON.stringify(rows), progress],
    );
  }

  async finish(
    db: Db,
    id: string,
    status: 'completed' | 'failed',
    rows: GeocodingRowResult[],
    error: string | null,
  ): Promise<void> {
    await db.query(
      `update geocoding_runs set status = $2, rows = $3::jsonb, error = $4, progress = 100,
              updated_at = now(), completed_at = now()
       where id = $1 and status = 'running'`,
      [id, status, JSON.stringify(rows), error],
    );
  }
}
