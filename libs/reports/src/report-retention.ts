import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { z } from 'zod';
import {
  APP_CONFIG,
  defineJob,
  HandlesJob,
  JobQueue,
  systemScope,
  Transactions,
  type AppConfig,
  type JobHandler,
  type SystemScoped,
} from '@maillage/platform';
import { ReportsRepository } from './reports.repository.js';

declare module '@maillage/platform' {
  interface JobCatalogue {
    'reports.cleanup': SystemScoped;
  }
}

export const reportCleanupJob = defineJob({
  name: 'reports.cleanup',
  queue: 'reports',
  payload: z.object(systemScope),
  scope: 'reports.retention',
  attempts: 3,
});

/**
 * Removes finished reports (and their files) older than the retention
 * period, territory by territory, in an explicit system scope. Runs nightly.
 */
@Injectable()
@HandlesJob('reports.cleanup')
export class ReportRetention implements JobHandler<'reports.cleanup'>, OnApplicationBootstrap {
  private readonly logger = new Logger('ReportRetention');

  constructor(
    private readonly transactions: Transactions,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ReportsRepository,
  ) {}

  /** Every process may (re)register the nightly schedule: upserting it is idempotent. */
  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.scheduleSystem('reports.cleanup', 'reports-retention', '0 30 3 * * *', 'report retention');
  }

  async handle(): Promise<{ removed: number; lost: number }> {
    const territories: { id: string }[] = await this.transactions.withoutTerritory('reports.retention', (db) =>
      this.repository.territoryIds(db),
    );
    const ids = territories.map((territory) => territory.id);
    return { ...(await this.purge(ids)), ...(await this.sweepLost(ids)) };
  }

  /**
   * Reports left `queued` or `running` for over an hour whose job the queue no
   * longer has, or failed on its own (a job that stalls twice is failed by
   * BullMQ without our handler): they would show as pending forever.
   */
  async sweepLost(territoryIds: readonly string[]): Promise<{ lost: number }> {
    let lost = 0;
    for (const territoryId of territoryIds) {
      const pending: { id: string }[] = await this.transactions.withTerritory(territoryId, 'reports.retention', (db) =>
        this.repository.pendingForAnHour(db),
      );
      // The queue is asked outside any transaction (on the embedded engine a transaction holds the engine).
      const gone: string[] = [];
      for (const report of pending) {
        const job = await this.jobs.getJob('reports', `report-${report.id}`);
        if (!job || (await job.getState()) === 'failed') gone.push(report.id);
      }
      if (gone.length === 0) continue;
      const updated: unknown[] = await this.transactions.withTerritory(territoryId, 'reports.retention', (db) =>
        this.repository.markLost(db, gone),
      );
      lost += updated.length;
    }
    if (lost > 0) this.logger.warn({ lost }, 'lost reports marked failed');
    return { lost };
  }

  async purge(territoryIds: readonly string[]): Promise<{ removed: number }> {
    let removed = 0;
    for (const territoryId of territoryIds) {
      const rows: unknown[] = await this.transactions.withTerritory(territoryId, 'reports.retention', (db) =>
        this.repository.purgeFinished(db, this.config.reports.retentionDays),
      );
      removed += rows.length;
    }
    this.logger.log({ removed, retentionDays: this.config.reports.retentionDays }, 'report retention applied');
    return { removed };
  }
}
