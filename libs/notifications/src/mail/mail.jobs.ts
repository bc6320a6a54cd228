import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { z } from 'zod';
import {
  APP_CONFIG,
  defineJob,
  HandlesJob,
  JobQueue,
  ScheduledRuns,
  systemScope,
  Transactions,
  type AppConfig,
  type JobContext,
  type JobHandler,
  type JobPayload,
  type SystemScoped,
  publicBaseUrl,
} from '@maillage/platform';
import { MailService } from '@maillage/identity';
import type { NotificationKind } from '@maillage/contract';
import { SILENT_AFTER, UNDONE_BY } from '../notification-rules.js';
import { NotificationsRepository } from '../notifications.repository.js';
import { PreferencesService } from '../preferences.service.js';
import { MailRepository, type MailFrequencyQueued } from './mail.repository.js';
import { buildMail, type MailItem } from './notification-mail.js';

declare module '@maillage/platform' {
  interface JobCatalogue {
    'notifications.sweep': SystemScoped;
    'notifications.digest': SystemScoped & { frequency: 'daily' | 'weekly' };
    'notifications.send': SystemScoped & { messageId: string };
  }
}

export const mailSweepJob = defineJob({
  name: 'notifications.sweep',
  queue: 'system',
  payload: z.object(systemScope),
  scope: 'notifications.mail',
  attempts: 1,
  keepCompletedSeconds: 600,
});

export const digestJob = defineJob({
  name: 'notifications.digest',
  queue: 'system',
  payload: z.object({ ...systemScope, frequency: z.enum(['daily', 'weekly']) }),
  scope: 'notifications.mail',
  attempts: 3,
});

/** Sending retries with backoff (a refused or unreachable server): 30 s, 1 min, 2 min, 4 min, 8 min by default. */
export const SEND_ATTEMPTS = 6;
export const sendMailJob = defineJob({
  name: 'notifications.send',
  queue: 'system',
  payload: z.object({ ...systemScope, messageId: z.guid() }),
  scope: 'notifications.mail',
  attempts: SEND_ATTEMPTS,
  backoffMs: 30_000,
});

/** The digest schedules, as readiness names them. */
export const DIGEST_SCHEDULES = { daily: 'notifications.digest.daily', weekly: 'notifications.digest.weekly' } as const;

/** How many queued mails one sweep or digest run claims at most (the next run takes the rest). */
const CLAIM_LIMIT = 5_000;

/**
 * Mail of notifications. The sweep (every few seconds) claims the immediate
 * mails whose delay has passed; the digests (daily, and weekly on Mondays)
 * claim the others; each claim makes one message per person, sent by its own
 * job with retries and backoff. Nothing is claimed while no SMTP server is
 * configured: the mails wait, and the administration page says so.
 */
@Injectable()
export class MailScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('NotificationMail');

  constructor(
    private readonly jobs: JobQueue,
    private readonly transactions: Transactions,
    private readonly repository: MailRepository,
    private readonly runs: ScheduledRuns,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { sweepSeconds, digestHour } = this.config.notifications;
    await this.jobs.scheduleSystem(
      'notifications.sweep',
      'notifications-sweep',
      { every: sweepSeconds * 1000 },
      'mail',
    );
    await this.jobs.scheduleSystem(
      'notifications.digest',
      'notifications-digest-daily',
      `0 0 ${digestHour} * * *`,
      'daily digest',
      {
        frequency: 'daily',
      },
    );
    await this.jobs.scheduleSystem(
      'notifications.digest',
      'notifications-digest-weekly',
      `0 0 ${digestHour} * * 1`,
      'weekly digest',
      { frequency: 'weekly' },
    );
    // Late when a run is more than an hour past its period.
    await this.runs.expect(DIGEST_SCHEDULES.daily, 25 * 3600).catch(() => undefined);
    await this.runs.expect(DIGEST_SCHEDULES.weekly, 7 * 24 * 3600 + 3600).catch(() => undefined);
  }

  /** Claims what is due of a frequency and queues one send job per message made; how many. */
  async claim(frequency: MailFrequencyQueued): Promise<number> {
    if (!this.mail.delivers) return 0;
    const messages = await this.transactions.withoutTerritory('notifications.mail', (db) =>
      this.repository.claimDue(db, frequency, CLAIM_LIMIT),
    );
    const stale =
      frequency === 'immediate'
        ? await this.transactions.withoutTerritory('notifications.mail', (db) => this.repository.stale(db))
        : [];
    for (const messageId of [...messages, ...stale]) {
      await this.jobs.enqueue(
        'notifications.send',
        { system: { reason: 'mail' }, messageId },
        { jobId: `mail-${messageId}`, backoffMs: this.config.notifications.retrySeconds * 1000 },
      );
    }
    if (messages.length > 0) this.logger.log({ frequency, messages: messages.length }, 'mails claimed');
    return messages.length;
  }
}

@Injectable()
@HandlesJob('notifications.sweep')
export class MailSweepHandler implements JobHandler<'notifications.sweep'> {
  constructor(private readonly scheduler: MailScheduler) {}

  async handle(): Promise<{ messages: number }> {
    return { messages: await this.scheduler.claim('immediate') };
  }
}

@Injectable()
@HandlesJob('notifications.digest')
export class DigestHandler implements JobHandler<'notifications.digest'> {
  constructor(
    private readonly scheduler: MailScheduler,
    private readonly runs: ScheduledRuns,
    private readonly mail: MailService,
  ) {}

  async handle(payload: JobPayload<'notifications.digest'>): Promise<{ messages: number }> {
    const messages = await this.scheduler.claim(payload.frequency);
    await this.runs.recordRun(
      DIGEST_SCHEDULES[payload.frequency],
      this.mail.delivers ? `${messages} e-mail(s) préparé(s)` : 'e-mail non configuré : rien n’est envoyé',
    );
    return { messages };
  }
}

/** Builds a message at send time from its notifications (read in their territories) and sends it. */
@Injectable()
@HandlesJob('notifications.send')
export class SendMailHandler implements JobHandler<'notifications.send'> {
  private readonly logger = new Logger('NotificationMail');

  constructor(
    private readonly transactions: Transactions,
    private readonly repository: MailRepository,
    private readonly notifications: NotificationsRepository,
    private readonly preferences: PreferencesService,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(payload: JobPayload<'notifications.send'>, job: JobContext): Promise<{ status: string }> {
    const { messageId } = payload;
    const prepared = await this.transactions.withoutTerritory('notifications.mail', async (db) => {
      const message = await this.repository.message(db, messageId);
      if (!message || message.status !== 'queued') return undefined;
      return { message, items: await this.repository.items(db, messageId) };
    });
    if (!prepared) return { status: 'skipped' };
    const { message, items } = prepared;

    // Read each territory's notifications now: what was undone or may no longer be read is dropped.
    const byTerritory = new Map<string, { name: string; queued: typeof items }>();
    for (const item of items) {
      const entry = byTerritory.get(item.territory_id) ?? { name: item.territory_name, queued: [] };
      entry.queued.push(item);
      byTerritory.set(item.territory_id, entry);
    }
    const territories: { name: string; items: MailItem[] }[] = [];
    const dropped: string[] = [];
    for (const [territoryId, entry] of byTerritory) {
      const rows = await this.transactions.withTerritory(territoryId, 'notifications.mail', (db) =>
        this.notifications.mailItems(
          db,
          message.user_id,
          entry.queued.map((item) => item.notification_id),
          UNDONE_BY as Record<string, readonly string[]>,
          SILENT_AFTER as Record<string, string>,
        ),
      );
      // Undone in this very batch (a proposal and its withdrawal in one digest): the follower goes too.
      const undoneHere = new Set(rows.filter((row) => row.undone).map((row) => `${row.event_kind}|${row.subject_id}`));
      const silent = (row: (typeof rows)[number]) => {
        const before = SILENT_AFTER[row.event_kind as keyof typeof SILENT_AFTER];
        return row.silenced || (before !== undefined && undoneHere.has(`${before}|${row.subject_id}`));
      };
      const kept = new Map(
        rows.filter((row) => !row.undone && row.readable && !silent(row)).map((row) => [row.id, row]),
      );
      for (const item of entry.queued) if (!kept.has(item.notification_id)) dropped.push(item.id);
      territories.push({
        name: entry.name,
        items: [...kept.values()].map((row) => ({
          kind: row.kind,
          text: row.text,
          link: row.link,
          createdAt: row.created_at,
          subjectKey: `${row.subject_type}:${row.subject_id}`,
        })),
      });
    }
    const kinds = [...new Set(territories.flatMap((t) => t.items.map((item) => item.kind)))] as NotificationKind[];
    if (kinds.length === 0) {
      await this.transactions.withoutTerritory('notifications.mail', async (db) => {
        await this.repository.dropItems(db, dropped);
        await this.repository.finish(db, messageId, { status: 'dropped' });
      });
      return { status: 'dropped' };
    }

    const base = publicBaseUrl(this.config);
    const token = this.preferences.unsubscribeToken(message.user_id, kinds);
    const unsubscribeUrl = `${base}/api/v1/mail/unsubscribe?token=${encodeURIComponent(token)}`;
    const content = buildMail({
      recipientName: message.name,
      frequency: message.frequency,
      territories,
      baseUrl: base,
      unsubscribeUrl,
      preferencesUrl: `${base}/compte/notifications`,
      now: new Date(),
    });
    try {
      const smtpMessageId = await this.mail.deliver({
        to: message.email,
        subject: content.subject,
        text: content.text,
        html: content.html,
        headers: {
          'List-Unsubscribe': `<${unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      });
      await this.transactions.withoutTerritory('notifications.mail', async (db) => {
        await this.repository.dropItems(db, dropped);
        await this.repository.finish(db, messageId, { status: 'sent', subject: content.subject, smtpMessageId });
      });
      return { status: 'sent' };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn({ messageId, attempt: job.attempt, reason }, 'mail not sent');
      await this.transactions.withoutTerritory('notifications.mail', async (db) => {
        await this.repository.attempted(db, messageId, reason);
        if (job.attempt >= SEND_ATTEMPTS)
          await this.repository.finish(db, messageId, { status: 'failed', subject: content.subject, error: reason });
      });
      throw error;
    }
  }
}
