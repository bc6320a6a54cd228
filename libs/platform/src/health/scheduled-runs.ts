import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions.js';

export interface LateSchedule {
  name: string;
  /** When it last ran (null: never since it was registered). */
  lastRunAt: string | null;
  /** When it should have run by. */
  dueBy: string;
}

/**
 * When each scheduled job last ran (`scheduled_runs`): a schedule that has
 * not run when due (a digest whose scheduler was lost, a worker that never
 * came) shows in readiness and in the platform administration, instead of
 * its work silently never happening.
 */
@Injectable()
export class ScheduledRuns {
  /** Schedule name → the longest it may go without running (its period and a grace). */
  private readonly expected = new Map<string, number>();

  constructor(private readonly transactions: Transactions) {}

  /** Declares a schedule this process knows, and records it as registered (from now, if it is new). */
  async expect(name: string, maxSilenceSeconds: number): Promise<void> {
    this.expected.set(name, maxSilenceSeconds);
    await this.transactions.withoutTerritory('health.check', (db) =>
      db.query(`insert into scheduled_runs (name) values ($1) on conflict (name) do nothing`, [name]),
    );
  }

  async recordRun(name: string, outcome: string): Promise<void> {
    await this.transactions.withoutTerritory('health.check', (db) =>
      db.query(
        `insert into scheduled_runs (name, last_run_at, last_outcome) values ($1, now(), $2)
         on conflict (name) do update set last_run_at = now(), last_outcome = excluded.last_outcome`,
        [name, outcome.slice(0, 1000)],
      ),
    );
  }

  /** The schedules this process expects that are overdue. */
  async late(): Promise<LateSchedule[]> {
    if (this.expected.size === 0) return [];
    const rows: { name: string; last_run_at: Date | null; due_by: Date; late: boolean }[] =
      await this.transactions.withoutTerritory('health.check', (db) =>
        db.query(
          `select name, last_run_at,
                  coalesce(last_run_at, registered_at) + make_interval(secs => e.seconds) as due_by,
                  coalesce(last_run_at, registered_at) + make_interval(secs => e.seconds) < now() as late
           from scheduled_runs join unnest($1::text[], $2::int[]) as e(schedule, seconds) on e.schedule = name`,
          [[...this.expected.keys()], [...this.expected.values()]],
        ),
      );
    return rows
      .filter((row) => row.late)
      .map((row) => ({
        name: row.name,
        lastRunAt: row.last_run_at?.toISOString() ?? null,
        dueBy: row.due_by.toISOString(),
      }));
  }
}
