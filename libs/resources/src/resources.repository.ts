import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { ChunkedFiles, type ChunkTable, type Db, type TransactionWork } from '@maillage/platform';
import type {
  ActionType,
  AllianceMode,
  Fragility,
  ResourceAudience,
  ResourceAxis,
  ResourceFileType,
  ResourceKind,
  ResourceSheetKind,
  ResourceSort,
} from '@maillage/contract';

/** Which centre: the national one (global tables) or the territory's (tenant tables). */
export type ResourceScope = 'national' | 'territory';

const TABLES: Record<ResourceScope, { resources: string; chunks: ChunkTable }> = {
  national: {
    resources: 'national_resources',
    chunks: { table: 'national_resource_chunks', owner: 'resource_id' },
  },
  territory: { resources: 'resources', chunks: { table: 'resource_chunks', owner: 'resource_id' } },
};

export interface ResourceRow {
  id: string;
  kind: ResourceKind;
  status: 'draft' | 'published';
  title: string;
  summary: string;
  author: string;
  published_on: string | null;
  licence: string;
  url: string | null;
  axis: ResourceAxis;
  sheet_kind: ResourceSheetKind | null;
  fragilities: Fragility[];
  action_types: ActionType[];
  alliance_modes: AllianceMode[];
  audiences: ResourceAudience[];
  file_name: string | null;
  file_type: ResourceFileType | null;
  content_type: string | null;
  size_bytes: string | null;
  chunk_count: number | null;
  downloads: number;
  version: number;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, kind, status, title, summary, author, to_char(published_on, 'YYYY-MM-DD') as published_on, licence,
  url, axis, sheet_kind, fragilities, action_types, alliance_modes, audiences, file_name, file_type, content_type,
  size_bytes, chunk_count, downloads, version, created_by, created_at, updated_at`;

/** A resource's description, as the service has checked it. */
export interface ResourceFields {
  title: string;
  summary: string;
  author: string;
  publishedOn: string | null;
  licence: string;
  url: string | null;
  axis: ResourceAxis;
  sheetKind: ResourceSheetKind | null;
  fragilities: Fragility[];
  actionTypes: ActionType[];
  allianceModes: AllianceMode[];
  audiences: ResourceAudience[];
  searchText: string;
}

export interface ResourceFilters {
  /** Search text, already lower-cased and without accents. */
  query: string | null;
  axis: ResourceAxis | null;
  sheetKind: ResourceSheetKind | null;
  kind: ResourceKind | null;
  fragilities: Fragility[];
  actionTypes: ActionType[];
  allianceModes: AllianceMode[];
  audiences: ResourceAudience[];
  /** Drafts (files not uploaded yet) are listed for those who may edit them only. */
  withDrafts: boolean;
}

const ORDER: Record<ResourceSort, string> = {
  recent: 'created_at desc, id desc',
  popular: 'downloads desc, created_at desc, id desc',
  relevance: `ts_rank(search_vector, websearch_to_tsquery('french', $1)) desc, created_at desc, id desc`,
};

/** SQL of the resource centres: descriptions, search, files in chunks, download counts. */
@Injectable()
export class ResourcesRepository {
  list(
    db: Db,
    scope: ResourceScope,
    filters: ResourceFilters,
    sort: ResourceSort,
    offset: number,
    limit: number,
  ): Promise<ResourceRow[]> {
    return db.query(
      `select ${COLUMNS} from ${TABLES[scope].resources}
       where ($1::text is null or search_vector @@ websearch_to_tsquery('french', $1))
         and ($2::text is null or axis = $2) and ($3::text is null or sheet_kind = $3) and ($4::text is null or kind = $4)
         and (cardinality($5::text[]) = 0 or fragilities && $5::text[])
         and (cardinality($6::text[]) = 0 or action_types && $6::text[])
         and (cardinality($7::text[]) = 0 or alliance_modes && $7::text[])
         and (cardinality($8::text[]) = 0 or audiences && $8::text[])
         and ($9 or status = 'published')
       order by ${ORDER[sort]} offset $10 limit $11`,
      [
        filters.query,
        filters.axis,
        filters.sheetKind,
        filters.kind,
        filters.fragilities,
        filters.actionTypes,
        filters.allianceModes,
        filters.audiences,
        filters.withDrafts,
        offset,
        limit + 1,
      ],
    );
  }

  async find(db: Db, scope: ResourceScope, id: string, lock = false): Promise<ResourceRow | undefined> {
    const rows: ResourceRow[] = await db.query(
      `select ${COLUMNS} from ${TABLES[scope].resources} where id = $1${lock ? ' for update' : ''}`,
      [id],
    );
    return rows[0];
  }

  async insert(
    db: Db,
    scope: ResourceScope,
    kind: ResourceKind,
    fields: ResourceFields,
    createdBy: string | null,
  ): Promise<ResourceRow> {
    const rows: ResourceRow[] = await db.query(
      `insert into ${TABLES[scope].resources} (kind, status, title, summary, author, published_on, licence, url, axis,
         sheet_kind, fragilities, action_types, alliance_modes, audiences, search_text, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) returning ${COLUMNS}`,
      [kind, kind === 'link' ? 'published' : 'draft', ...this.values(fields), createdBy],
    );
    return rows[0] as ResourceRow;
  }

  async update(db: Db, scope: ResourceScope, id: string, fields: ResourceFields): Promise<ResourceRow> {
    const rows: ResourceRow[] = await db.query(
      `with updated as (update ${TABLES[scope].resources} set title = $2, summary = $3, author = $4, published_on = $5, licence = $6,
         url = $7, axis = $8, sheet_kind = $9, fragilities = $10, action_types = $11, alliance_modes = $12,
         audiences = $13, search_text = $14, version = version + 1, updated_at = now()
       where id = $1 returning *) select ${COLUMNS} from updated`,
      [id, ...this.values(fields)],
    );
    return rows[0] as ResourceRow;
  }

  private values(fields: ResourceFields): unknown[] {
    return [
      fields.title,
      fields.summary,
      fields.author,
      fields.publishedOn,
      fields.licence,
      fields.url,
      fields.axis,
      fields.sheetKind,
      fields.fragilities,
      fields.actionTypes,
      fields.allianceModes,
      fields.audiences,
      fields.searchText,
    ];
  }

  async delete(db: Db, scope: ResourceScope, id: string): Promise<void> {
    await db.query(`delete from ${TABLES[scope].resources} where id = $1`, [id]);
  }

  /** Stores a file resource's content and publishes it (its first file) in the caller's transaction. */
  async storeFile(
    db: Db,
    scope: ResourceScope,
    id: string,
    file: { name: string; type: ResourceFileType; contentType: string; content: Buffer },
  ): Promise<ResourceRow> {
    const stored = await ChunkedFiles.store(db, TABLES[scope].chunks, id, [file.content]);
    const rows: ResourceRow[] = await db.query(
      `with updated as (update ${TABLES[scope].resources} set file_name = $2, file_type = $3, content_type = $4, size_bytes = $5,
         chunk_count = $6, status = 'published', version = version + 1, updated_at = now()
       where id = $1 returning *) select ${COLUMNS} from updated`,
      [id, file.name, file.type, file.contentType, stored.size, stored.chunks],
    );
    return rows[0] as ResourceRow;
  }

  /** Counts one download. */
  async counted(db: Db, scope: ResourceScope, id: string): Promise<void> {
    await db.query(`update ${TABLES[scope].resources} set downloads = downloads + 1 where id = $1`, [id]);
  }

  /** The stored file, read chunk by chunk in units of work made by `run`. */
  streamFile(
    run: <T>(work: TransactionWork<T>) => Promise<T>,
    scope: ResourceScope,
    id: string,
    chunks: number,
  ): Readable {
    return ChunkedFiles.stream(run, TABLES[scope].chunks, id, chunks);
  }
}
