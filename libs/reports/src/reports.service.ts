import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
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
import { checkReportRequest, REPORT_CATALOGUE, type ReportFormat, type ReportType } from './report-catalogue.js';
import type { ReportJobPayload } from './report.job.js';
import { ReportsRepository, type ReportRow, type ReportFilters, type ReportStatus } from './reports.repository.js';

export type { ReportFilters, ReportStatus } from './reports.repository.js';

export interface ReportView {
  id: string;
  type: ReportType;
  label: string;
  format: ReportFormat;
  params: Record<string, unknown>;
  status: ReportStatus;
  progress: number;
  attempts: number;
  error: string | null;
  fileName: string | null;
  contentType: string | null;
  sizeBytes: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** The same report asked again within this window is the same report. */
const DEDUPE_SECONDS = 120;

function view(row: ReportRow): ReportView {
  return {
    id: row.id,
    type: row.type,
    label: REPORT_CATALOGUE[row.type]?.label ?? row.type,
    format: row.format,
    params: row.params,
    status: row.status,
    progress: row.progress,
    attempts: row.attempts,
    error: row.error,
    fileName: row.file_name,
    contentType: row.content_type,
    sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

/** Stable hash of validated parameters: key order does not matter. */
function paramsHash(params: Record<string, unknown>): string {
  const sorted = Object.fromEntries(Object.entries(params).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}

/** Orders, follows, cancels and serves reports; the worker makes them (ReportJobHandler). */
@Injectable()
export class ReportsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly jobs: JobQueue,
    private readonly audit: AuditLog,
    private readonly repository: ReportsRepository,
  ) {}

  /**
   * Queues a report. The same Idempotency-Key, or the same type, format and
   * parameters asked within two minutes, returns the report already queued
   * instead of a second job. `created` says which.
   */
  async request(
    type: string,
    format: string,
    rawParams: unknown,
    idempotencyKey?: string,
    scheduleId?: string,
  ): Promise<{ report: ReportView; created: boolean }> {
    const checked = checkReportRequest(type, format, rawParams);
    if (!checked.ok) {
      throw new DomainError('invalid', {
        code: 'invalid_report_request',
        detail: 'Ce rapport ne peut pas être produit avec ces paramètres.',
        errors: checked.problems,
      });
    }
    const hash = paramsHash(checked.params);
    const territoryId = this.context.territoryId;
    const outcome = await this.transactions.tenant(async (db) => {
      // Serialise concurrent orders of the same territory, so two identical requests make one report.
      await this.repository.lockOrders(db, territoryId);
      // Each scheduled run is a report of its own; only orders made by people are deduplicated.
      const existing: ReportRow[] = scheduleId
        ? []
        : await this.repository.findRepeated(db, idempotencyKey ?? null, type, format, hash, DEDUPE_SECONDS);
      if (existing[0]) return { row: existing[0], created: false };
      const row = await this.repository.insert(db, {
        type,
        format,
        params: checked.params,
        hash,
        idempotencyKey: idempotencyKey ?? null,
        requestedBy: this.context.caller?.userId ?? null,
        scheduleId: scheduleId ?? null,
      });
      await this.audit.record(db, {
        entity: 'report',
        entityId: row.id,
        action: 'create',
        after: { type, format, params: checked.params },
      });
      return { row, created: true };
    });
    if (outcome.created) {
      const payload: ReportJobPayload = { territoryId, reportId: outcome.row.id };
      // The report id is the job id: enqueuing it twice runs it once.
      await this.jobs.enqueue('reports.generate', payload, { jobId: `report-${outcome.row.id}` });
    }
    return { report: view(outcome.row), created: outcome.created };
  }

  private async load(db: Db, id: string, lock = false): Promise<ReportRow> {
    const row = await this.repository.find(db, id, lock);
    if (!row) throw notFound();
    return row;
  }

  /** A running report's progress is read live from its job, whatever the report row says yet. */
  async get(id: string): Promise<ReportView> {
    const report = await this.transactions.tenant(async (db) => view(await this.load(db, id)));
    if (report.status !== 'running') return report;
    const job = await this.jobs.getJob('reports', `report-${id}`).catch(() => undefined);
    const live = typeof job?.progress === 'number' ? job.progress : 0;
    return { ...report, progress: Math.max(report.progress, Math.min(99, Math.round(live))) };
  }

  async list(filters: ReportFilters, limit = DEFAULT_PAGE_SIZE, cursor?: string): Promise<Page<ReportView>> {
    const after = decodeCursor(cursor, { at: 'timestamp', id: 'uuid' });
    const rows = await this.transactions.tenant((db) => this.repository.list(db, filters, after, limit));
    return toPage(rows, limit, view, (row) => ({ at: row.cursor_at, id: row.id }));
  }

  /** Cancels a queued or running report; a finished one is a 409. */
  async cancel(id: string): Promise<ReportView> {
    const row = await this.transactions.tenant(async (db) => {
      const current = await this.load(db, id, true);
      if (!['queued', 'running'].includes(current.status)) {
        throw new DomainError('conflict', {
          code: 'report_finished',
          detail: `Ce rapport est déjà ${current.status === 'completed' ? 'terminé' : current.status === 'failed' ? 'en échec' : 'annulé'}.`,
        });
      }
      const cancelled = await this.repository.cancel(db, id);
      await this.audit.record(db, {
        entity: 'report',
        entityId: id,
        action: 'cancel',
        before: { status: current.status },
        after: { status: 'cancelled' },
      });
      return cancelled;
    });
    const job = await this.jobs.getJob('reports', `report-${id}`);
    // A waiting job is removed; a running one sees the cancellation at its next checkpoint.
    if (job && (await job.isWaiting())) await job.remove().catch(() => undefined);
    return view(row);
  }

  async remove(id: string): Promise<void> {
    const status = await this.transactions.tenant(async (db) => {
      const current = await this.load(db, id, true);
      await this.repository.delete(db, id);
      await this.audit.record(db, {
        entity: 'report',
        entityId: id,
        action: 'delete',
        before: { type: current.type, status: current.status },
      });
      return current.status;
    });
    if (status === 'queued') {
      const job = await this.jobs.getJob('reports', `report-${id}`);
      if (job && (await job.isWaiting())) await job.remove().catch(() => undefined);
    }
  }

  /** The finished file as a stream, with what the HTTP answer needs to describe it. */
  async file(id: string): Promise<{ stream: Readable; fileName: string; contentType: string; size: number }> {
    const row = await this.transactions.tenant((db) => this.load(db, id));
    if (row.status !== 'completed' || !row.file_name || row.chunk_count === null) {
      throw new DomainError('conflict', {
        code: 'report_not_ready',
        detail: 'Le fichier n’est pas encore prêt : attendez que le rapport soit terminé.',
        extensions: { reportStatus: row.status },
      });
    }
    return {
      stream: this.repository.streamChunks(this.transactions.bound(), id, row.chunk_count),
      fileName: row.file_name,
      contentType: row.content_type ?? 'application/octet-stream',
      size: Number(row.size_bytes ?? 0),
    };
  }
}
