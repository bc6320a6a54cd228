import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, ScheduledRuns, Transactions, type AppConfig, type LateSchedule } from '@maillage/platform';
import { MailRepository } from './mail.repository.js';

export interface MailStatusView {
  /** Whether an SMTP server is configured (SMTP_URL): without it, no mail leaves. */
  configured: boolean;
  /** In French, for the administration page. */
  summary: string;
  waiting: { immediate: number; daily: number; weekly: number };
  queuedMessages: number;
  failedMessages: number;
  sentLastDay: number;
  lastError: string | null;
  lastFailedAt: string | null;
  /** Scheduled jobs (the digests) that have not run when due. */
  lateSchedules: LateSchedule[];
}

/** The platform administration's view of mail: configured or not, what waits, what failed, late digests. */
@Injectable()
export class MailStatusService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: MailRepository,
    private readonly runs: ScheduledRuns,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async status(): Promise<MailStatusView> {
    const row = await this.transactions.withoutTerritory('mail.status', (db) => this.repository.status(db));
    const configured = Boolean(this.config.mail.smtpUrl);
    const waiting = { immediate: row.pending_immediate, daily: row.pending_daily, weekly: row.pending_weekly };
    const total = waiting.immediate + waiting.daily + waiting.weekly;
    const lateSchedules = await this.runs.late();
    const summary = configured
      ? `L’envoi d’e-mails est configuré. ${total} notification(s) attendent leur envoi ou leur résumé.`
      : `L’envoi d’e-mails n’est pas configuré (variable SMTP_URL) : aucun e-mail ne part. ` +
        `${total} notification(s) attendent un e-mail ; les notifications dans Maillage fonctionnent normalement.`;
    return {
      configured,
      summary,
      waiting,
      queuedMessages: row.queued_messages,
      failedMessages: row.failed_messages,
      sentLastDay: row.sent_last_day,
      lastError: row.last_error,
      lastFailedAt: row.last_failed_at?.toISOString() ?? null,
      lateSchedules,
    };
  }
}
