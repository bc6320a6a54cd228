import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { z } from 'zod';
import {
  defineJob,
  DomainEvents,
  HandlesJob,
  JobQueue,
  systemScope,
  Transactions,
  type Db,
  type JobHandler,
  type SystemScoped,
} from '@maillage/platform';
import { allianceEventData } from './alliances.service.js';
import { AlliancesRepository } from './alliances.repository.js';

declare module '@maillage/platform' {
  interface JobCatalogue {
    'alliances.evaluation-reminders': SystemScoped;
  }
}

export const evaluationRemindersJob = defineJob({
  name: 'alliances.evaluation-reminders',
  queue: 'system',
  payload: z.object(systemScope),
  scope: 'notifications.evaluations',
  attempts: 3,
});

/** The quarter that ended last before `today` (`2026-Q3` on any day of October–December 2026). */
export function lastEndedQuarter(today: Date): { period: string; start: string; end: string; covering: string[] } {
  const year = today.getUTCFullYear();
  const quarter = Math.floor(today.getUTCMonth() / 3); // 0..3: the current one
  const [y, q] = quarter === 0 ? [year - 1, 4] : [year, quarter];
  const firstMonth = (q - 1) * 3 + 1;
  const pad = (n: number) => String(n).padStart(2, '0');
  const lastDay = new Date(Date.UTC(y, firstMonth + 2, 0)).getUTCDate();
  return {
    period: `${y}-Q${q}`,
    start: `${y}-${pad(firstMonth)}-01`,
    end: `${y}-${pad(firstMonth + 2)}-${pad(lastDay)}`,
    // Evaluations of these periods count for the quarter: itself, its semester, its year, its months.
    covering: [
      `${y}-Q${q}`,
      `${y}-S${q <= 2 ? 1 : 2}`,
      `${y}`,
      ...[0, 1, 2].map((offset) => `${y}-${pad(firstMonth + offset)}`),
    ],
  };
}

/**
 * When a quarter ends, each party of an alliance that was active during it and has not evaluated it
 * (nor its semester, year or months) is reminded: one `alliance.evaluation_due` event per alliance and
 * quarter, territory by territory, daily (a reminder is never repeated: the event is looked for first).
 */
@Injectable()
@HandlesJob('alliances.evaluation-reminders')
export class EvaluationReminders implements JobHandler<'alliances.evaluation-reminders'>, OnApplicationBootstrap {
  private readonly logger = new Logger('EvaluationReminders');

  constructor(
    private readonly transactions: Transactions,
    private readonly jobs: JobQueue,
    private readonly alliances: AlliancesRepository,
    private readonly events: DomainEvents,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.scheduleSystem(
      'alliances.evaluation-reminders',
      'alliances-evaluation-reminders',
      '0 15 6 * * *',
      'evaluation reminders',
    );
  }

  async handle(): Promise<{ reminders: number }> {
    const quarter = lastEndedQuarter(new Date());
    const territories: { id: string }[] = await this.transactions.withoutTerritory('notifications.evaluations', (db) =>
      db.query(`select id from territories order by id`),
    );
    let reminders = 0;
    for (const territory of territories) {
      reminders += await this.transactions.withTerritory(territory.id, 'notifications.evaluations', (db) =>
        this.remind(db, quarter),
      );
    }
    if (reminders > 0) this.logger.log({ period: quarter.period, reminders }, 'evaluation reminders');
    return { reminders };
  }

  /** The reminders of one territory for a quarter, in its transaction. */
  async remind(db: Db, quarter: ReturnType<typeof lastEndedQuarter>): Promise<number> {
    const due = await this.alliances.evaluationsDue(db, quarter);
    for (const { id, awaited } of due) {
      const row = await this.alliances.find(db, id);
      if (!row) continue;
      await this.events.emit(db, {
        kind: 'alliance.evaluation_due',
        subject: { type: 'alliance', id },
        data: { ...allianceEventData(row), period: quarter.period, awaited },
      });
    }
    return due.length;
  }
}
