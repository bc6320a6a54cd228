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
import { dayIn, isRelativePeriod, RELATIVE_PERIOD_LABELS, resolveRelativePeriod } from './relative-periods.js';
import { ReportsService } from './reports.service.js';
import { ReportSchedulesRepository, type ScheduleRow } from './report-schedules.repository.js';

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

/** The reports that cover a period, which a schedule may name relative to each run. */
const PERIOD_TYPES: readonly ReportType[] = ['territory_activity', 'actions_export'];

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
    private readonly repository: ReportSchedulesRepository,
  ) {}

  async create(input: ScheduleInput): Promise<ScheduleView> {
    const timezoneKnown = (() => {
      try {
        new Intl.DateTimeFormat('fr-FR', { timeZone: input.timezone });
        return true;
      } catch {
        return false;
      }
    })();
    // A period relative to each run (« le mois écoulé ») instead of fixed dates: checked as the
    // dates it covers today, kept as it is, resolved at each run.
    const { relativePeriod, ...given } = input.params ?? {};
    const relativeProblems: { field: string; message: string }[] = [];
    let relative: keyof typeof RELATIVE_PERIOD_LABELS | undefined;
    if (relativePeriod !== undefined) {
      const labels = Object.values(RELATIVE_PERIOD_LABELS).join(', ');
      if (!isRelativePeriod(relativePeriod))
        relativeProblems.push({ field: 'params.relativePeriod', message: `période inconnue (au choix : ${labels})` });
      else if (!PERIOD_TYPES.includes(input.type as ReportType))
        relativeProblems.push({ field: 'params.relativePeriod', message: 'ce rapport ne porte pas sur une période' });
      else if ('from' in given || 'to' in given)
        relativeProblems.push({
          field: 'params.relativePeriod',
          message: 'une période relative ou des dates, pas les deux',
        });
      else relative = relativePeriod;
    }
    const checked = checkReportRequest(
      input.type,
      input.format,
      relative
        ? { ...given, ...resolveRelativePeriod(relative, dayIn(timezoneKnown ? input.timezone : 'Europe/Paris')) }
        : given,
    );
    const problems = [...relativeProblems, ...(checked.ok ? [] : checked.problems)];
    if (!timezoneKnown) problems.push({ field: 'timezone', message: `fuseau horaire inconnu : ${input.timezone}` });
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
      const { from: _from, to: _to, ...undated } = checked.params as Record<string, unknown>;
      const created = await this.repository.insert(db, {
        type: input.type,
        format: input.format,
        params: relative ? { ...undated, relativePeriod: relative } : checked.params,
        cron: input.cron,
        timezone: input.timezone,
        keepLast: input.keepLast ?? this.config.reports.keepLast,
        createdBy: this.context.caller?.userId ?? null,
      });
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
    return this.transactions.tenant(async (db) => (await this.repository.list(db)).map(view));
  }

  async remove(id: string): Promise<void> {
    const territoryId = this.context.territoryId;
    await this.transactions.tenant(async (db) => {
      const removed = await this.repository.delete(db, id);
      if (!removed) throw notFound();
      await this.audit.record(db, {
        entity: 'report_schedule',
        entityId: id,
        action: 'delete',
        before: { ...view(removed) },
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
    private readonly repository: ReportSchedulesRepository,
  ) {}

  async handle(payload: JobPayload<'reports.scheduled'>): Promise<unknown> {
    const schedule = await this.transactions.tenant((db) => this.repository.markRun(db, payload.scheduleId));
    if (!schedule) return { skipped: 'schedule removed' };
    // A relative period covers, at each run, the dates it names that day in the schedule's timezone.
    const { relativePeriod, ...params } = schedule.params;
    const { report } = await this.reports.request(
      schedule.type,
      schedule.format,
      isRelativePeriod(relativePeriod)
        ? { ...params, ...resolveRelativePeriod(relativePeriod, dayIn(schedule.timezone)) }
        : schedule.params,
      undefined,
      schedule.id,
    );
    const pruned = await this.transactions.tenant((db) => this.repository.prune(db, schedule.id, schedule.keep_last));
    this.logger.log(
      { scheduleId: schedule.id, reportId: report.id, pruned: pruned.length },
      'scheduled report ordered',
    );
    return { reportId: report.id, pruned: pruned.length };
  }
}
