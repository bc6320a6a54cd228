import { Injectable, Logger } from '@nestjs/common';
import type { Db } from '../database/db.js';
import { TenantContext } from '../tenancy/tenant-context.js';

/**
 * The domain events every write path records, in the same transaction as the
 * change (the transactional outbox, `domain_events`): one durable log per
 * territory, ordered by its id. Notifications are derived from it in that
 * transaction (subscribers, below); webhooks will read it with a cursor of
 * their own. Feature libraries add kinds by module augmentation:
 *
 *   declare module '@maillage/platform' {
 *     interface DomainEventCatalogue { 'comment.posted': { body: string } }
 *   }
 *
 * Each entry's type is what the event's `data` holds: enough to describe it
 * (titles, statuses, the organisations concerned) without reading the rows
 * again, as they stood when it happened.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by module augmentation
export interface DomainEventCatalogue {}

export type EventKind = keyof DomainEventCatalogue & string;

/** What an event is about: its subject's type and id (an alliance, an action, a report…). */
export interface EventSubject {
  type: string;
  id: string;
}

export interface DomainEventInput<K extends EventKind = EventKind> {
  kind: K;
  subject: EventSubject;
  data: DomainEventCatalogue[K];
}

/** An event as recorded: with its place in the territory's log and who made it. */
export interface RecordedEvent<K extends EventKind = EventKind> extends DomainEventInput<K> {
  territoryId: string;
  id: string;
  occurredAt: Date;
  authorUserId: string | null;
  /** The organisation the author acted for (a member's), if any. */
  authorActorId: string | null;
}

/**
 * Called with each event inside the transaction that records it: what a
 * subscriber writes commits or rolls back with the change (notifications).
 */
export type EventSubscriber = (db: Db, event: RecordedEvent) => Promise<void>;

@Injectable()
export class DomainEvents {
  private readonly logger = new Logger('DomainEvents');
  private readonly subscribers: EventSubscriber[] = [];

  constructor(private readonly context: TenantContext) {}

  /** Registers a subscriber (at module init); called in registration order. */
  subscribe(subscriber: EventSubscriber): void {
    this.subscribers.push(subscriber);
  }

  /**
   * Appends an event to the transaction's territory's log, then lets the
   * subscribers act on it in the same transaction. The author is the
   * context's caller (and the organisation a member acts for).
   */
  async emit<K extends EventKind>(db: Db, input: DomainEventInput<K>): Promise<RecordedEvent<K>> {
    const caller = this.context.caller;
    const access = this.context.territory;
    const authorActorId = access?.role === 'member' ? (access.actorId ?? null) : null;
    const rows: { territory_id: string; id: string; occurred_at: Date }[] = await db.query(
      `insert into domain_events (kind, subject_type, subject_id, author_user_id, author_actor_id, data, request_id)
       values ($1, $2, $3, $4, $5, $6, $7)
       returning territory_id, id::text, occurred_at`,
      [
        input.kind,
        input.subject.type,
        input.subject.id,
        caller?.userId ?? null,
        authorActorId,
        JSON.stringify(input.data),
        this.context.requestId ?? null,
      ],
    );
    const row = rows[0] as { territory_id: string; id: string; occurred_at: Date };
    const event: RecordedEvent<K> = {
      ...input,
      territoryId: row.territory_id,
      id: row.id,
      occurredAt: row.occurred_at,
      authorUserId: caller?.userId ?? null,
      authorActorId,
    };
    for (const subscriber of this.subscribers) await subscriber(db, event as RecordedEvent);
    this.logger.debug({ kind: input.kind, eventId: row.id, territoryId: row.territory_id }, 'domain event');
    return event;
  }
}
