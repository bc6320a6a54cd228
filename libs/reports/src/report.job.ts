import { randomUUID } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { z } from 'zod';
import {
  APP_CONFIG,
  defineJob,
  DomainError,
  DomainEvents,
  HandlesJob,
  territoryScope,
  Transactions,
  type AppConfig,
  type JobContext,
  type JobHandler,
  type JobPayload,
  type TerritoryScoped,
} from '@maillage/platform';
import {
  checkReportRequest,
  CONTENT_TYPES,
  REPORT_CATALOGUE,
  reportFileName,
  type ReportFormat,
  type ReportType,
} from './report-catalogue.js';
import { ReportGenerators } from './report-generators.js';
import { ReportsRepository } from './reports.repository.js';

export interface ReportJobPayload extends TerritoryScoped {
  reportId: string;
}

declare module '@maillage/platform' {
  interface JobCatalogue {
    'reports.generate': ReportJobPayload;
  }
  interface DomainEventCatalogue {
    /** A report's file is ready; its requester (if a person ordered it) is told. */
    'report.completed': {
      type: ReportType;
      format: ReportFormat;
      label: string;
      fileName: string;
      requestedBy: string | null;
    };
    'report.failed': {
      type: ReportType;
      format: ReportFormat;
      label: string;
      error: string;
      requestedBy: string | null;
    };
  }
}

export const reportJob = defineJob({
  name: 'reports.generate',
  queue: 'reports',
  payload: z.object({ ...territoryScope, reportId: z.guid() }),
  attempts: 3,
  backoffMs: 3_000,
});

class ReportCancelled extends Error {}

const tempPrefix = (reportId: string) => `maillage-report-${reportId}-`;

/** Temporary files of the report's earlier attempts on this machine: a worker killed mid-report leaves its own. */
async function removeLeftovers(reportId: string): Promise<void> {
  const names = await readdir(tmpdir()).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => name.startsWith(tempPrefix(reportId)))
      .map((name) => rm(join(tmpdir(), name), { force: true })),
  );
}

/**
 * Makes one report in the worker: validates its parameters (a bad one fails
 * at once), writes the file to a temporary file, then stores it in chunks
 * and marks the report completed in one transaction — so a report has
 * exactly one file, even when a crashed attempt is retried.
 */
/** A report parameter's name as the console shows it, for a failed report's reason. */
const PARAM_LABELS: Record<string, string> = {
  from: 'Début de la période',
  to: 'Fin de la période',
  delimiter: 'Séparateur',
  decimalComma: 'Virgule décimale',
  includeArchived: 'Acteurs archivés',
};
const paramLabel = (field: string): string => {
  const name = field.replace(/^params\.?/, '');
  return PARAM_LABELS[name] ?? (name ? 'Paramètre' : 'Paramètres');
};

@Injectable()
@HandlesJob('reports.generate')
export class ReportJobHandler implements JobHandler<'reports.generate'> {
  private readonly logger = new Logger('ReportJob');

  constructor(
    private readonly transactions: Transactions,
    private readonly generators: ReportGenerators,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ReportsRepository,
    private readonly events: DomainEvents,
  ) {}

  handle(payload: JobPayload<'reports.generate'>, job: JobContext): Promise<unknown> {
    return this.run(payload, job);
  }

  private async run(payload: JobPayload<'reports.generate'>, job: JobContext): Promise<unknown> {
    const start = await this.transactions.tenant(async (db) => {
      // Fairness: a territory runs at most N reports at once; its others wait their turn
      // while other territories' reports go ahead.
      const slot = await this.repository.takeSlot(
        db,
        payload.territoryId,
        payload.reportId,
        this.config.reports.perTerritory,
      );
      return slot === 'busy' ? slot : this.repository.start(db, payload.reportId);
    });
    if (start === 'busy') return job.postpone(500 + Math.floor(Math.random() * 500));
    const report = start;
    // Deleted, cancelled or already completed: nothing to do.
    if (!report) return { skipped: true };
    const checked = checkReportRequest(report.type, report.format, report.params);
    if (!checked.ok)
      return this.fail(
        payload.reportId,
        `Paramètres invalides — ${checked.problems.map((p) => `${paramLabel(p.field)} : ${p.message}`).join(' ; ')}`,
      );

    await removeLeftovers(payload.reportId);
    const path = join(tmpdir(), `${tempPrefix(payload.reportId)}${randomUUID()}`);
    const progressUnit = this.transactions.bound();
    try {
      await this.generators.generate(report.type, report.format, checked.params, {
        territoryId: payload.territoryId,
        path,
        signal: job.signal,
        // Called from stream callbacks, outside this job's async context: a unit of work bound to its territory.
        progress: async (percent) => {
          await job.progress(percent);
          await progressUnit.run((db) => this.repository.progress(db, payload.reportId, Math.round(percent)));
        },
      });
      const { status, territoryName } = await this.transactions.tenant(async (db) => ({
        status: await this.repository.status(db, payload.reportId),
        territoryName: await this.repository.territoryName(db, payload.territoryId),
      }));
      if (status !== 'running') throw new ReportCancelled();
      const fileName = reportFileName(report.type, report.format, checked.params, territoryName);
      await this.transactions.tenant(async (db) => {
        if ((await this.repository.status(db, payload.reportId, true)) !== 'running') throw new ReportCancelled();
        const stored = await this.repository.storeChunks(db, payload.reportId, path);
        await this.repository.complete(db, payload.reportId, {
          name: fileName,
          contentType: CONTENT_TYPES[report.format],
          ...stored,
        });
        await this.events.emit(db, {
          kind: 'report.completed',
          subject: { type: 'report', id: payload.reportId },
          data: {
            type: report.type,
            format: report.format,
            label: REPORT_CATALOGUE[report.type].label,
            fileName,
            requestedBy: report.requested_by,
          },
        });
      });
      await job.progress(100);
      return { reportId: payload.reportId };
    } catch (error) {
      if (error instanceof ReportCancelled) return { cancelled: true };
      if ((error instanceof DomainError && error.permanent) || job.attempt >= 3) {
        await this.fail(payload.reportId, error instanceof Error ? error.message : String(error)).catch(
          () => undefined,
        );
      }
      throw error;
    } finally {
      await rm(path, { force: true });
    }
  }

  private async fail(reportId: string, reason: string): Promise<never> {
    this.logger.warn({ reportId, reason }, 'report failed');
    await this.transactions.tenant(async (db) => {
      const failed = await this.repository.fail(db, reportId, reason.slice(0, 1000));
      if (!failed) return;
      await this.events.emit(db, {
        kind: 'report.failed',
        subject: { type: 'report', id: reportId },
        data: {
          type: failed.type,
          format: failed.format,
          label: REPORT_CATALOGUE[failed.type]?.label ?? failed.type,
          error: reason.slice(0, 500),
          requestedBy: failed.requested_by,
        },
      });
    });
    throw new DomainError('invalid', { code: 'invalid_report_params', detail: reason });
  }
}
