import { createHash } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import {
  AuditLog,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  JobQueue,
  notFound,
  ProblemException,
  TenantContext,
  toPage,
  Transactions,
  type Page,
  type Db,
} from '@maillage/platform';
import { guessMapping, IMPORT_FIELDS, type ColumnMapping } from './import-mapping.js';
import type {
  ImportMode,
  ImportRowReport,
  ImportStatus,
  ImportSummary,
  ImportView,
  RowOutcome,
} from './import.types.js';
import { SpreadsheetError } from './import-limits.js';
import { receiveSpreadsheet, type SpreadsheetFormat } from './spreadsheet.js';

interface ImportRow {
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

function importView(row: ImportRow): ImportView {
  return {
    id: row.id,
    filename: row.filename,
    format: row.format,
    status: row.status,
    mode: row.mode,
    progress: row.progress,
    columns: row.columns,
    mapping: row.mapping,
    summary: 'rows' in row.summary ? (row.summary as ImportSummary) : null,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
  };
}

/**
 * Imports of actors from CSV or XLSX: the API stores the file, guesses the
 * column mapping and queues a dry run; the worker analyses or runs it
 * (ImportProcessor). A dry run reports every row (valid, invalid and why,
 * duplicate of what and why); the real run creates the valid, new ones.
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly jobs: JobQueue,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Takes an upload as it streams in (bounded: bytes, and for CSV rows and
   * columns; for XLSX the archive's directory), stores it, guesses the mapping
   * and queues a dry run. A refused file changes nothing: 400 when it cannot
   * be read, 413 when it crosses a bound, with the French reason.
   */
  async upload(
    body: AsyncIterable<Buffer | string>,
    format: SpreadsheetFormat,
    filename: string,
    maxBytes: number,
  ): Promise<ImportView> {
    let received: { content: Buffer; columns: string[] };
    try {
      received = await receiveSpreadsheet(body, format, maxBytes);
    } catch (error) {
      if (!(error instanceof SpreadsheetError)) throw error;
      throw new ProblemException(
        error.code === 'unreadable_file' ? HttpStatus.BAD_REQUEST : HttpStatus.PAYLOAD_TOO_LARGE,
        { code: error.code, detail: error.message },
      );
    }
    const { content, columns } = received;
    const row = await this.transactions.tenant(async (db) => {
      const rows: ImportRow[] = await db.query(
        `insert into imports (filename, format, content, content_sha256, columns, mapping, created_by)
         values ($1, $2, $3, $4, $5, $6, $7)
         returning ${COLUMNS}`,
        [
          filename,
          format,
          content,
          createHash('sha256').update(content).digest('hex'),
          columns,
          JSON.stringify(guessMapping(columns)),
          this.context.caller?.userId ?? null,
        ],
      );
      const created = rows[0] as ImportRow;
      await this.audit.record(db, {
        entity: 'import',
        entityId: created.id,
        action: 'create',
        after: { filename, format },
      });
      return created;
    });
    await this.enqueue(row);
    return importView(row);
  }

  private async enqueue(row: ImportRow): Promise<void> {
    try {
      await this.enqueueJob(row);
    } catch (error) {
      // Never leave an import "in progress" with no job behind it.
      await this.transactions.tenant((db) =>
        db.query(
          `update imports set status = 'failed', error = $2, updated_at = now() where id = $1 and revision = $3`,
          [row.id, 'La file de tâches est indisponible : relancez le traitement.', row.revision],
        ),
      );
      throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, {
        code: 'queue_unavailable',
        detail: 'Le traitement ne peut pas être lancé pour l’instant : réessayez dans un moment.',
        extensions: { cause: (error as Error).name },
      });
    }
  }

  private async enqueueJob(row: ImportRow): Promise<void> {
    await this.jobs.enqueue(
      'imports.process',
      {
        territoryId: this.context.territoryId,
        importId: row.id,
        revision: row.revision,
        requestedBy: this.context.caller?.userId ?? null,
      },
      // One job per revision: enqueuing the same revision again does nothing.
      { jobId: `import-${row.id}-${row.revision}` },
    );
  }

  private async load(db: Db, id: string): Promise<ImportRow> {
    const rows: ImportRow[] = await db.query(`select ${COLUMNS} from imports where id = $1 for update`, [id]);
    if (!rows[0]) throw notFound();
    return rows[0];
  }

  get(id: string): Promise<ImportView> {
    return this.transactions.tenant(async (db) => importView(await this.load(db, id)));
  }

  async list(limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<ImportView>> {
    const after = decodeCursor(cursor, { at: 'timestamp', id: 'uuid' });
    const rows: (ImportRow & { cursor_at: string })[] = await this.transactions.tenant((db) =>
      db.query(
        `select ${COLUMNS}, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as cursor_at from imports
         where ($1::text is null or (created_at, id) < ($1::timestamp at time zone 'UTC', $2::uuid))
         order by created_at desc, id desc limit $3`,
        [after?.at ?? null, after?.id ?? null, limit + 1],
      ),
    );
    return toPage(rows, limit, importView, (row) => ({ at: row.cursor_at, id: row.id }));
  }

  /** The per-row report of the last dry run or run, optionally one outcome only. */
  async rows(
    id: string,
    outcome?: RowOutcome,
    limit = DEFAULT_PAGE_SIZE,
    cursor?: string,
  ): Promise<Page<ImportRowReport>> {
    const after = decodeCursor(cursor, { line: 'int' });
    const rows: { report: ImportRowReport }[] = await this.transactions.tenant(async (db) => {
      await this.load(db, id);
      return db.query(
        `select r.value as report from imports i, jsonb_array_elements(i.rows) r
         where i.id = $1 and ($2::text is null or r.value ->> 'outcome' = $2)
           and ($3::int is null or (r.value ->> 'line')::int > $3)
         order by (r.value ->> 'line')::int limit $4`,
        [id, outcome ?? null, after?.line ?? null, limit + 1],
      );
    });
    return toPage(
      rows,
      limit,
      (row) => row.report,
      (row) => ({ line: row.report.line }),
    );
  }

  /** Analyses again (dry run) or runs for real, with an optional new mapping. */
  async process(id: string, mode: ImportMode, mapping?: ColumnMapping): Promise<ImportView> {
    const row = await this.transactions.tenant(async (db) => {
      const current = await this.load(db, id);
      const stale = await db.query(
        `select updated_at < now() - interval '15 minutes' as stale from imports where id = $1`,
        [id],
      );
      const busy =
        (current.status === 'analysing' || current.status === 'running') && !(stale as { stale: boolean }[])[0]?.stale;
      if (busy) {
        throw new ProblemException(HttpStatus.CONFLICT, {
          code: 'import_busy',
          detail: 'Cet import est en cours de traitement : attendez qu’il se termine.',
        });
      }
      const next = mapping ?? current.mapping;
      const unknown = Object.entries(next).filter(
        ([field, column]) =>
          !(IMPORT_FIELDS as readonly string[]).includes(field) || !current.columns.includes(column as string),
      );
      if (unknown.length > 0) {
        throw new ProblemException(HttpStatus.BAD_REQUEST, {
          code: 'invalid_mapping',
          detail: 'La correspondance désigne des champs ou des colonnes inconnus.',
          errors: unknown.map(([field, column]) => ({
            field: `mapping.${field}`,
            message: `colonne « ${String(column)} » inconnue`,
          })),
        });
      }
      if (!next.name || !next.category) {
        throw new ProblemException(HttpStatus.BAD_REQUEST, {
          code: 'invalid_mapping',
          detail: 'Indiquez au moins les colonnes du nom et de la catégorie.',
          errors: [{ field: 'mapping', message: 'name et category sont obligatoires' }],
        });
      }
      const rows: ImportRow[] = await db.query(
        `with changed as (
           update imports set mapping = $2, mode = $3, status = $4, revision = revision + 1, progress = 0, error = null,
                  updated_at = now(), completed_at = null
           where id = $1 returning ${COLUMNS}
         ) select * from changed`,
        [id, JSON.stringify(next), mode, mode === 'run' ? 'running' : 'analysing'],
      );
      return rows[0] as ImportRow;
    });
    await this.enqueue(row);
    return importView(row);
  }
}
