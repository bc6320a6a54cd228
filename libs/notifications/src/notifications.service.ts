import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  APP_CONFIG,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  DomainEvents,
  notFound,
  TenantContext,
  toPage,
  Transactions,
  type AppConfig,
  type Db,
  type Page,
  type PendingEvent,
  type ReadingSubscription,
  type RecordedEvent,
} from '@maillage/platform';
import { NOTIFICATION_KIND_INFO, type MailFrequency, type NotificationKind } from '@maillage/contract';
import { targetsOf, type Target } from './notification-rules.js';
import {
  audienceRows,
  NotificationsRepository,
  type NewNotification,
  type NotificationRow,
  type Recipient,
} from './notifications.repository.js';

export interface NotificationView {
  id: string;
  territory: { id: string; name: string };
  kind: NotificationKind;
  text: string;
  /** A path of the console (`/t/…/alliances/…`). */
  link: string;
  createdAt: string;
  readAt: string | null;
}

function notificationView(row: NotificationRow): NotificationView {
  return {
    id: row.id,
    territory: { id: row.territory_id, name: row.territory_name },
    kind: row.kind,
    text: row.text,
    link: row.link,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at?.toISOString() ?? null,
  };
}

const AUDIENCE_ORDER: Record<Target['audience'], number> = { person: 0, organisation: 1, coordinator: 2, national: 3 };

/**
 * Notifications: written with each event, in its transaction (the subscriber
 * below), then read by each person across their territories. Mail follows
 * each person's preferences through the mail queue (mail/).
 */
@Injectable()
export class NotificationsService implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly transactions: Transactions,
    private readonly context: TenantContext,
    private readonly repository: NotificationsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.events.subscribeReading((db, event) => this.fanOut(db, event));
  }

  /**
   * Turns an event into notifications for those it concerns, and queues their mail, in the event's
   * transaction: the audience is read in the statement that records the event (`subscribeReading`),
   * the notifications written once it is recorded.
   */
  async fanOut(db: Db, pending: PendingEvent): Promise<ReadingSubscription | undefined> {
    const targets = (
      await targetsOf(pending, {
        userName: async (userId) => (await this.repository.userNames(db, [userId])).get(userId) ?? 'Une personne',
      })
    ).sort((a, b) => AUDIENCE_ORDER[a.audience] - AUDIENCE_ORDER[b.audience]);
    if (targets.length === 0) return undefined;
    const actorIds = targets.flatMap((target) => (target.audience === 'organisation' ? (target.actorIds ?? []) : []));
    const userIds = targets.flatMap((target) =>
      target.audience === 'person' ? (target.userIds ?? []).filter((id): id is string => Boolean(id)) : [],
    );
    const read = this.repository.audience(
      targets.some((target) => target.audience === 'coordinator'),
      [...new Set(actorIds)],
      [...new Set(userIds)],
      targets.some((target) => target.audience === 'national'),
    );
    return { read, after: (db, event, rows) => this.notify(db, event, targets, audienceRows(rows)) };
  }

  /** Writes the notifications of the targets among the audience, and queues their mail. */
  private async notify(db: Db, event: RecordedEvent, targets: Target[], members: Recipient[]): Promise<void> {
    const chosen = new Map<string, NewNotification>();
    for (const target of targets) {
      for (const member of members) {
        if (chosen.has(member.user_id)) continue;
        if (member.user_id === event.authorUserId && !target.evenTheAuthor) continue;
        const reached =
          (target.audience === 'coordinator' && member.role === 'coordinator') ||
          (target.audience === 'organisation' &&
            member.role === 'member' &&
            member.actor_id !== null &&
            (target.actorIds ?? []).includes(member.actor_id)) ||
          (target.audience === 'person' && (target.userIds ?? []).includes(member.user_id)) ||
          (target.audience === 'national' && member.role === 'national');
        if (!reached) continue;
        chosen.set(member.user_id, {
          userId: member.user_id,
          eventId: event.id,
          kind: target.kind,
          audience: target.audience,
          viaActorId: target.audience === 'organisation' ? member.actor_id : null,
          text: target.text.slice(0, 2000),
          link: target.link,
        });
      }
    }
    const inserted = await this.repository.insert(db, [...chosen.values()]);
    if (inserted.length === 0) return;
    const preferences = await this.repository.preferences(
      db,
      inserted.map((row) => row.user_id),
    );
    const chosenFrequency = new Map(preferences.map((row) => [`${row.user_id}|${row.kind}`, row.frequency]));
    const mail = inserted.flatMap((row) => {
      const kind = row.kind as NotificationKind;
      const frequency: MailFrequency =
        chosenFrequency.get(`${row.user_id}|${kind}`) ?? NOTIFICATION_KIND_INFO[kind].defaultFrequency;
      return frequency === 'none' ? [] : [{ userId: row.user_id, notificationId: row.id, frequency }];
    });
    await this.repository.queueMail(db, event.territoryId, mail, this.config.notifications.mailDelaySeconds);
  }

  private me(): string {
    const userId = this.context.caller?.userId;
    if (!userId) throw notFound();
    return userId;
  }

  /** The caller's notifications across their territories, newest first. */
  async list(options: { cursor?: string; limit?: number; unread?: boolean }): Promise<Page<NotificationView>> {
    const userId = this.me();
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(options.cursor, { at: 'timestamp', id: 'uuid' });
    const rows = await this.transactions.withoutTerritory('notifications.mine', (db) =>
      this.repository.mine(
        db,
        userId,
        after ? { at: String(after.at), id: String(after.id) } : null,
        Boolean(options.unread),
        limit,
      ),
    );
    return toPage(rows, limit, notificationView, (row) => ({ at: row.cursor_at, id: row.id }));
  }

  unreadCount(): Promise<{ unread: number }> {
    const userId = this.me();
    return this.transactions.withoutTerritory('notifications.mine', async (db) => ({
      unread: await this.repository.unreadCount(db, userId),
    }));
  }

  async markRead(id: string): Promise<void> {
    const userId = this.me();
    const found = await this.transactions.withoutTerritory('notifications.mine', (db) =>
      this.repository.markRead(db, userId, id),
    );
    if (!found) throw notFound();
  }

  markAllRead(): Promise<{ marked: number }> {
    const userId = this.me();
    return this.transactions.withoutTerritory('notifications.mine', async (db) => ({
      marked: await this.repository.markAllRead(db, userId),
    }));
  }
}
