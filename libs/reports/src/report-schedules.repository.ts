import { Injectable } from '@nestjs/common';
import type { Db } from '@maillage/platform';
import type { ReportFormat, ReportType } from './report-catalogue.js';

export interface ScheduleRow {
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

/** A new schedule's fields, as the service has checked them. */
export interface NewSchedule {
  type: string;
  format: string;
  params: Record<string, unknown>;
  cron: string;
  timezone: string;
  keepLast: number;
  createdBy: string | null;
}

/** SQL of the territory's report schedules. */
@Injectable()
export class ReportSchedulesRepository {
  async insert(db: Db, schedule: NewSchedule): Promise<ScheduleRow> {
    const rows: ScheduleRow[] = await db.query(
      `insert into report_schedules (type, format, params, cron, timezone, keep_last, created_by)
         values ($1, $2, $3, $4, $5, $6, $7) returning ${COLUMNS}`,
      [
        schedule.type,
        schedule.format,
        JSON.stringify(schedule.params),
        schedule.cron,
        schedule.timezone,
        schedule.keepLast,
        schedule.createdBy,
      ],
    );
    return rows[0] as ScheduleRow;
  }

  async list(db: Db): Promise<ScheduleRow[]> {
    return (await db.query(`select ${COLUMNS} from report_schedules order by created_at`)) as ScheduleRow[];
  }

  /** Deletes the schedule and returns it, or undefined when there is none. */
  async delete(db: Db, id: string): Promise<ScheduleRow | undefined> {
    const rows: ScheduleRow[] = await db.query(
      `with removed as (delete from report_schedules where id = $1 returning ${COLUMNS}) select * from removed`,
      [id],
    );
    return rows[0];
  }

  /** Stamps the schedule's run and returns it, or undefined when it was removed. */
  async markRun(db: Db, id: string): Promise<ScheduleRow | undefined> {
    const rows: ScheduleRow[] = await db.query(
      `with ran as (update report_schedules set last_run_at = now() where id = $1 returning ${COLUMNS}) select * from ran`,
      [id],
    );
    return rows[0];
  }

  /** Removes the schedule's reports beyond its `keepLast` newest; one row per report removed. */
  prune(db: Db, scheduleId: string, keepLast: number): Promise<{ id: string }[]> {
    return db.query(
      `with doomed as (
           select id from reports where schedule_id = $1 order by created_at desc, id desc offset $2
         ), removed as (delete from reports where id in (select id from doomed) returning id)
         select id from removed`,
      [scheduleId, keepLast],
    );
  }
}
