import { Inject, Injectable, Logger } from '@nestjs/common';
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import {
  APP_CONFIG,
  AuditLog,
  defineJob,
  HandlesJob,
  JobQueue,
  notFound,
  DomainError,
  TenantContext,
  territoryScope,
  Transactions,
  type AppConfig,
  type JobHandler,
  type JobPayload,
  type TerritoryScoped,
} from '@maillage/platform';
import { checkReportRequest, type ReportFormat, type ReportType } from './report-catalogue.js';
import { ReportsService } from './reports.service.js';

declare module '@maillage/platform' {
  interface JobCatalogue {
    'reports.scheduled': TerritoryScoped & { scheduleId: string };
  }
}

export const scheduledReportJob = defineJob({
  name: 'reports.scheduled',
  queue: 'reports',
  payload: z.object({ ...territoryScope, scheduleId: z.guid() }),
  attempts: 3,
  backoffMs: 5_000,
});

export interface ScheduleInput {
  type: string;
  format: string;
  params?: Record<string, unknown>;
  cron: string;
  timezone: string;
  keepLast?: number;
}

export interface ScheduleView {
  id: string;
  type: ReportType;
  format: ReportFormat;
  params: Record<string, unknown>;
  cron: string;
  timezone: string;
  keepLast: number;
  nextRunAt: string | null;
  lastRunAt: string | null;
  createdAt: string;
}

interface ScheduleRow {
  id: string;
  type: ReportType;
  format: ReportFormat;
  params: Record<string, unknown>;
  cron: string;
  timezone: string;
  keep_last: number;
  last_run_at: Date | null;
  created_at: Date;
}

const COLUMNS = 'id, type, format, params, cron, timezone, keep_last, last_run_at, created_at';

function nextRun(cron: string, timezone: string): string | null {
  try {
    return CronExpressionParser.parse(cron, { tz: timezone }).next().toISOString();
  } catch {
    return null;
  }
}

function view(row: ScheduleRow): ScheduleView {
  return {
    id: row.id,
    type: row.type,
    format: row.format,
    params: row.params,
    cron: row.cron,
    timezone: row.timezone,
    keepLast: row.keep_last,
    nextRunAt: nextRun(row.cron, row.timezone),
    lastRunAt: row.last_run_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

const schedulerId = (territoryId: string, scheduleId: string) => `schedule-${territoryId}-${scheduleId}`;

/**
 * Reports on a cron schedule, in a timezone, run by BullMQ job schedulers;
 * each run is kept as a report, and only the last N of a schedule are kept.
 */
@Injectable()
export class ReportSchedulesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly jobs: JobQueue,
    private readonly audit: AuditLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(input: ScheduleInput): Promise<ScheduleView> {
    const checked = checkReportRequest(input.type, input.format, input.params ?? {});
    const problems = checked.ok ? [] : checked.problems;
    try {
      new Intl.DateTimeFormat('fr-FR', { timeZone: input.timezone });
    } catch {
      problems.push({ field: 'timezone', message: `fuseau horaire inconnu : ${input.timezone}` });
    }
    try {
      const expression = CronExpressionParser.parse(input.cron, { tz: 'UTC' });
      // Schedules are for periodic reports, not polling: a minimum interval (a minute by default).
      const [first, second] = [expression.next().getTime(), expression.next().getTime()];
      const minimum = this.config.reports.scheduleMinIntervalSeconds;
      if (second - first < minimum * 1000) {
        problems.push({ field: 'cron', message: `une exécution toutes les ${minimum} secondes au plus` });
      }
    } catch {
      problems.push({ field: 'cron', message: `expression cron invalide : ${input.cron}` });
    }
    if (problems.length > 0 || !checked.ok) {
      throw new DomainError('invalid', {
        code: 'invalid_schedule',
        detail: 'Cette planification ne peut pas être enregistrée.',
        errors: problems,
      });
    }
    const territoryId = this.context.territoryId;
    const row = await this.transactions.tenant(async (db) => {
      const rows: ScheduleRow[] = await db.query(
        `insert into report_schedules (type, format, params, cron, timezone, keep_last, created_by)
         values ($1, $2, $3, $4, $5, $6, $7) returning ${COLUMNS}`,
        [
          input.type,
          input.format,
          JSON.stringify(checked.params),
          input.cron,
          input.timezone,
          input.keepLast ?? this.config.reports.keepLast,
          this.context.caller?.userId ?? null,
        ],
      );
      const created = rows[0] as ScheduleRow;
      await this.audit.record(db, {
        entity: 'report_schedule',
        entityId: created.id,
        action: 'create',
        after: { ...view(created) },
      });
      // Registered inside the transaction: a failure leaves no schedule without its scheduler.
      await this.jobs.schedule(
        'reports.scheduled',
        schedulerId(territoryId, created.id),
        { pattern: input.cron, tz: input.timezone },
        { territoryId, scheduleId: created.id },
      );
      return created;
    });
    return view(row);
  }

  list(): Promise<ScheduleView[]> {
    return this.transactions.tenant(async (db) =>
      ((await db.query(`select ${COLUMNS} from report_schedules order by created_at`)) as ScheduleRow[]).map(view),
    );
  }

  async remove(id: string): Promise<void> {
    const territoryId = this.context.territoryId;
    await this.transactions.tenant(async (db) => {
      const rows: ScheduleRow[] = await db.query(
        `with removed as (delete from report_schedules where id = $1 returning ${COLUMNS}) select * from removed`,
        [id],
      );
      if (!rows[0]) throw notFound();
      await this.audit.record(db, {
        entity: 'report_schedule',
        entityId: id,
        action: 'delete',
        before: { ...view(rows[0]) },
      });
      await this.jobs.unschedule('reports', schedulerId(territoryId, id));
    });
  }
}

/** One run of a schedule: a report ordered like any other, then the schedule's oldest ones beyond N removed. */
@Injectable()
@HandlesJob('reports.scheduled')
export class ScheduledReportHandler implements JobHandler<'reports.scheduled'> {
  private readonly logger = new Logger('ScheduledReports');

  constructor(
    private readonly transactions: Transactions,
    private readonly reports: ReportsService,
  ) {}

  async handle(payload: JobPayload<'reports.scheduled'>): Promise<unknown> {
    const rows: ScheduleRow[] = await this.transactions.tenant((db) =>
      db.query(
        `with ran as (update report_schedules set last_run_at = now() where id = $1 returning ${COLUMNS}) select * from ran`,
        [payload.scheduleId],
      ),
    );
    const schedule = rows[0];
    if (!schedule) return { skipped: 'schedule removed' };
    const { report } = await this.reports.request(
      schedule.type,
      schedule.format,
      schedule.params,
      undefined,
      schedule.id,
    );
    const pruned: { id: string }[] = await this.transactions.tenant((db) =>
      db.query(
        `with doomed as (
           select id from reports where schedule_id = $1 order by created_at desc, id desc offset $2
         ), removed as (delete from reports where id in (select id from doomed) returning id)
         select id from removed`,
        [schedule.id, schedule.keep_last],
      ),
    );
    this.logger.log(
      { scheduleId: schedule.id, reportId: report.id, pruned: pruned.length },
      'scheduled report ordered',
    );
    return { reportId: report.id, pruned: pruned.length };
  }
}
