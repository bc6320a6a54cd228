import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  AuditLog,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  JobQueue,
  notFound,
  DomainError,
  TenantContext,
  toPage,
  Transactions,
  type Page,
  type Db,
} from '@maillage/platform';
import { guessMapping, IMPORT_FIELDS, type ColumnMapping } from './import-mapping.js';
import type { ImportMode, ImportRowReport, ImportSummary, ImportView, RowOutcome } from './import.types.js';
import { SpreadsheetError } from './import-limits.js';
import { ImportsRepository, type ImportRow } from './imports.repository.js';
import { receiveSpreadsheet, type SpreadsheetFormat } from './spreadsheet.js';

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
    private readonly imports: ImportsRepository,
  ) {}

  /**
   * Takes an upload as it streams in (bounded: bytes, and for CSV rows and
   * columns; for XLSX the archive's directory, then its sheet up to its first
   * data row: a header alone is refused as for CSV), stores it, guesses the mapping
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
      throw new DomainError(error.code === 'unreadable_file' ? 'invalid' : 'too_large', {
        code: error.code,
        detail: error.message,
      });
    }
    const { content, columns } = received;
    const row = await this.transactions.tenant(async (db) => {
      const created = await this.imports.insert(db, {
        filename,
        format,
        content,
        contentSha256: createHash('sha256').update(content).digest('hex'),
        columns,
        mapping: JSON.stringify(guessMapping(columns)),
        createdBy: this.context.caller?.userId ?? null,
      });
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
        this.imports.fail(db, row.id, row.revision, 'La file de tâches est indisponible : relancez le traitement.'),
      );
      throw new DomainError('unavailable', {
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
    const row = await this.imports.findForUpdate(db, id);
    if (!row) throw notFound();
    return row;
  }

  get(id: string): Promise<ImportView> {
    return this.transactions.tenant(async (db) => importView(await this.load(db, id)));
  }

  async list(limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<ImportView>> {
    const after = decodeCursor(cursor, { at: 'timestamp', id: 'uuid' });
    const rows = await this.transactions.tenant((db) => this.imports.list(db, after, limit));
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
    const rows = await this.transactions.tenant(async (db) => {
      await this.load(db, id);
      return this.imports.rowReports(db, id, outcome ?? null, after?.line ?? null, limit);
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
      const stale = await this.imports.isStale(db, id);
      const busy = (current.status === 'analysing' || current.status === 'running') && !stale;
      if (busy) {
        throw new DomainError('conflict', {
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
        throw new DomainError('invalid', {
          code: 'invalid_mapping',
          detail: 'La correspondance désigne des champs ou des colonnes inconnus.',
          errors: unknown.map(([field, column]) => ({
            field: `mapping.${field}`,
            message: `colonne « ${String(column)} » inconnue`,
          })),
        });
      }
      if (!next.name || !next.category) {
        throw new DomainError('invalid', {
          code: 'invalid_mapping',
          detail: 'Indiquez au moins les colonnes du nom et de la catégorie.',
          errors: [{ field: 'mapping', message: 'name et category sont obligatoires' }],
        });
      }
      return this.imports.restart(db, id, JSON.stringify(next), mode);
    });
    await this.enqueue(row);
    return importView(row);
  }
}
