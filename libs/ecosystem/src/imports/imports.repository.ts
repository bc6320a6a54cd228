import { Injectable } from '@nestjs/common';
import type { Db } from '@maillage/platform';
import type { ColumnMapping } from './import-mapping.js';
import type { ImportMode, ImportRowReport, ImportStatus, ImportSummary, RowOutcome } from './import.types.js';
import type { SpreadsheetFormat } from './spreadsheet.js';

export interface ImportRow {
  id: string;
  filename: string;
  format: SpreadsheetFormat;
  status: ImportStatus;
  mode: ImportMode;
  revision: number;
  progress: number;
  columns: string[];
  mapping: ColumnMapping;
  summary: ImportSummary | Record<string, never>;
  error: string | null;
  created_at: Date;
  completed_at: Date | null;
}

const COLUMNS =
  'id, filename, format, status, mode, revision, progress, columns, mapping, summary, error, created_at, completed_at';

/** An uploaded file, as the service received it. */
export interface NewImport {
  filename: string;
  format: SpreadsheetFormat;
  content: Buffer;
  contentSha256: string;
  columns: string[];
  /** The guessed mapping, as JSON text. */
  mapping: string;
  createdBy: string | null;
}

/** What the job reads to process an import: the file, its mapping, and the territory's communes. */
export interface ImportWork {
  filename: string;
  created_by: string | null;
  revision: number;
  mode: ImportMode;
  format: SpreadsheetFormat;
  content: Buffer;
  mapping: ColumnMapping;
  territory_communes: string[];
}

/** An actor as the import's duplicate detection knows it. */
export interface ExistingActor {
  id: string;
  name: string;
  siren: string | null;
  siret: string | null;
  rna: string | null;
  commune_code: string | null;
  latitude: number | null;
  longitude: number | null;
  imported_from: string | null;
}

/** SQL of the territory's imports, for the service and the job. */
@Injectable()
export class ImportsRepository {
  async insert(db: Db, file: NewImport): Promise<ImportRow> {
    const rows: ImportRow[] = await db.query(
      `insert into imports (filename, format, content, content_sha256, columns, mapping, created_by)
       values ($1, $2, $3, $4, $5, $6, $7)
       returning ${COLUMNS}`,
      [file.filename, file.format, file.content, file.contentSha256, file.columns, file.mapping, file.createdBy],
    );
    return rows[0] as ImportRow;
  }

  /**
   * Marks a revision failed, unless the import has moved on since, and moves the revision on: a job
   * still holding the failed one (a retry, or one the queue took after its request gave up on it at a
   * 503) is skipped as superseded instead of running.
   */
  async fail(db: Db, id: string, revision: number, error: string): Promise<void> {
    await db.query(
      `update imports set status = 'failed', error = $2, revision = revision + 1, updated_at = now()
         where id = $1 and revision = $3`,
      [id, error, revision],
    );
  }

  async findForUpdate(db: Db, id: string): Promise<ImportRow | undefined> {
    const rows: ImportRow[] = await db.query(`select ${COLUMNS} from imports where id = $1 for update`, [id]);
    return rows[0];
  }

  /** One page of the list, newest first. */
  list(
    db: Db,
    after: Record<'at' | 'id', string | number> | undefined,
    limit: number,
  ): Promise<(ImportRow & { cursor_at: string })[]> {
    return db.query(
      `select ${COLUMNS}, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as cursor_at from imports
       where ($1::text is null or (created_at, id) < ($1::timestamp at time zone 'UTC', $2::uuid))
       order by created_at desc, id desc limit $3`,
      [after?.at ?? null, after?.id ?? null, limit + 1],
    );
  }

  /** One page of the per-row report after line `afterLine`, optionally one outcome only. */
  rowReports(
    db: Db,
    id: string,
    outcome: RowOutcome | null,
    afterLine: string | number | null,
    limit: number,
  ): Promise<{ report: ImportRowReport }[]> {
    return db.query(
      `select r.value as report from imports i, jsonb_array_elements(i.rows) r
       where i.id = $1 and ($2::text is null or r.value ->> 'outcome' = $2)
         and ($3::int is null or (r.value ->> 'line')::int > $3)
       order by (r.value ->> 'line')::int limit $4`,
      [id, outcome, afterLine, limit + 1],
    );
  }

  /** Whether the import has not moved for 15 minutes (its job is presumed dead). */
  async isStale(db: Db, id: string): Promise<boolean> {
    const rows: { stale: boolean }[] = await db.query(
      `select updated_at < now() - interval '15 minutes' as stale from imports where id = $1`,
      [id],
    );
    return rows[0]?.stale ?? false;
  }

  /** A new revision with the given mapping and mode, back to the start. */
  async restart(db: Db, id: string, mapping: string, mode: ImportMode): Promise<ImportRow> {
    const rows: ImportRow[] = await db.query(
      `with changed as (
         update imports set mapping = $2, mode = $3, status = $4, revision = revision + 1, progress = 0, error = null,
                updated_at = now(), completed_at = null
         where id = $1 returning ${COLUMNS}
       ) select * from changed`,
      [id, mapping, mode, mode === 'run' ? 'running' : 'analysing'],
    );
    return rows[0] as ImportRow;
  }

  /** The job's work: the file and mapping of an import, and the territory's commune codes. */
  async work(db: Db, id: string): Promise<ImportWork | undefined> {
    const rows: ImportWork[] = await db.query(
      `select filename, created_by, revision, mode, format, content, mapping,
              (select coalesce(array_agg(commune_code), '{}') from territory_communes) as territory_communes
       from imports where id = $1`,
      [id],
    );
    return rows[0];
  }

  /** The columns read from the file and the mapping guessed from them, unless a newer revision exists. */
  async saveColumns(db: Db, id: string, revision: number, columns: string[], mapping: string): Promise<void> {
    await db.query(`update imports set columns = $2, mapping = $3 where id = $1 and revision = $4`, [
      id,
      columns,
      mapping,
      revision,
    ]);
  }

  /** The actors duplicates are looked for among (merged ones live on in their survivor). */
  existingActors(db: Db): Promise<ExistingActor[]> {
    return db.query(
      `select id, name, siren, siret, rna, commune_code, latitude, longitude, imported_from from actors where merged_into is null`,
    );
  }

  async progress(db: Db, id: string, percent: number): Promise<void> {
    await db.query(`update imports set progress = $2, updated_at = now() where id = $1`, [id, percent]);
  }

  /** The revision's outcome: analysed (dry run) or completed (run), with its summary and per-row report. */
  async finish(
    db: Db,
    id: string,
    revision: number,
    mode: ImportMode,
    summary: ImportSummary,
    reports: ImportRowReport[],
  ): Promise<void> {
    await db.query(
      `update imports set status = $2, progress = 100, summary = $3, rows = $4, updated_at = now(), completed_at = now()
       where id = $1 and revision = $5`,
      [id, mode === 'run' ? 'completed' : 'analysed', JSON.stringify(summary), JSON.stringify(reports), revision],
    );
  }
}
