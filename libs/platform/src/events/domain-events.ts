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

/** An event about to be recorded: what it says, in which territory, by whom. */
export interface PendingEvent<K extends EventKind = EventKind> extends DomainEventInput<K> {
  territoryId: string;
  authorUserId: string | null;
  /** The organisation the author acted for (a member's), if any. */
  authorActorId: string | null;
}

/** An event as recorded: with its place in the territory's log. */
export interface RecordedEvent<K extends EventKind = EventKind> extends PendingEvent<K> {
  id: string;
  occurredAt: Date;
}

/**
 * Called with each event inside the transaction that records it: what a
 * subscriber writes commits or rolls back with the change (notifications).
 */
export type EventSubscriber = (db: Db, event: RecordedEvent) => Promise<void>;

/**
 * A read a subscriber needs about an event (who to notify), sent in the same statement as the
 * event's insert, so that both take one round trip: a SELECT with `$1…$n` parameters and no other
 * `$` in its text. It runs in the same snapshot as the insert (it does not see the event's row).
 */
export interface EventRead {
  text: string;
  values: readonly unknown[];
}

/** What a reading subscriber does once the event is recorded, with its read's rows (decoded from JSON). */
export interface ReadingSubscription {
  read: EventRead;
  after(db: Db, event: RecordedEvent, rows: Record<string, unknown>[]): Promise<void>;
}

/**
 * A subscriber that reads before it writes: called with the event before it is recorded, it
 * answers its read and what to do with the rows (or nothing, when the event does not concern it).
 */
export type ReadingSubscriber = (db: Db, event: PendingEvent) => Promise<ReadingSubscription | undefined>;

type Subscription = { plain: EventSubscriber } | { reading: ReadingSubscriber };

const INSERT_EVENT = `insert into domain_events (kind, subject_type, subject_id, author_user_id, author_actor_id, data, request_id)
       values ($1, $2, $3, $4, $5, $6, $7)
       returning territory_id, id::text, occurred_at`;

/** The read's text with its parameters numbered after the first `offset`. */
function shifted(text: string, offset: number): string {
  return text.replace(/\$(\d+)/g, (_, index: string) => `$${Number(index) + offset}`);
}

/**
 * The statement that records an event (its seven values: kind, subject type and id, author user and
 * organisation, data as JSON, request id) with the subscribers' reads, each as a JSON column
 * `read_<i>` of the one row it answers. Exported for the benchmark's bare baseline, which runs the
 * same SQL as the app.
 */
export function eventStatement(
  eventValues: readonly unknown[],
  reads: readonly EventRead[],
): { text: string; values: unknown[] } {
  const values = [...eventValues];
  if (reads.length === 0) return { text: INSERT_EVENT, values };
  const columns = reads.map((read, index) => {
    const column = `(select coalesce(json_agg(r), '[]'::json) from (${shifted(read.text, values.length)}) r) as read_${index}`;
    values.push(...read.values);
    return column;
  });
  return {
    text: `with recorded as (${INSERT_EVENT})
       select recorded.*, ${columns.join(', ')} from recorded`,
    values,
  };
}

@Injectable()
export class DomainEvents {
  private readonly logger = new Logger('DomainEvents');
  private readonly subscribers: Subscription[] = [];

  constructor(private readonly context: TenantContext) {}

  /** Registers a subscriber (at module init); called in registration order. */
  subscribe(subscriber: EventSubscriber): void {
    this.subscribers.push({ plain: subscriber });
  }

  /** Registers a subscriber whose read travels with the event's insert (see `ReadingSubscriber`). */
  subscribeReading(subscriber: ReadingSubscriber): void {
    this.subscribers.push({ reading: subscriber });
  }

  /**
   * Appends an event to the transaction's territory's log, then lets the
   * subscribers act on it in the same transaction. The author is the
   * context's caller (and the organisation a member acts for). When the unit
   * of work names its territory, the reading subscribers' reads go in the
   * insert's statement (one round trip); otherwise each runs after it.
   */
  async emit<K extends EventKind>(db: Db, input: DomainEventInput<K>): Promise<RecordedEvent<K>> {
    const caller = this.context.caller;
    const access = this.context.territory;
    const authorActorId = access?.role === 'member' ? (access.actorId ?? null) : null;
    const authorUserId = caller?.userId ?? null;
    const eventValues: unknown[] = [
      input.kind,
      input.subject.type,
      input.subject.id,
      authorUserId,
      authorActorId,
      JSON.stringify(input.data),
      this.context.requestId ?? null,
    ];
    const early = new Map<Subscription, { prepared: ReadingSubscription | undefined; column: string }>();
    const reads: EventRead[] = [];
    if (db.territoryId) {
      const pending: PendingEvent = { ...input, territoryId: db.territoryId, authorUserId, authorActorId };
      for (const subscription of this.subscribers) {
        if (!('reading' in subscription)) continue;
        const prepared = await subscription.reading(db, pending);
        early.set(subscription, { prepared, column: `read_${reads.length}` });
        if (prepared) reads.push(prepared.read);
      }
    }
    const { text, values } = eventStatement(eventValues, reads);
    const rows: ({ territory_id: string; id: string; occurred_at: Date } & Record<string, unknown>)[] = await db.query(
      text,
      values,
    );
    const row = rows[0] as (typeof rows)[number];
    if (db.territoryId && row.territory_id !== db.territoryId)
      throw new Error('the event was recorded in another territory than its unit of work');
    const event: RecordedEvent<K> = {
      ...input,
      territoryId: row.territory_id,
      id: row.id,
      occurredAt: row.occurred_at,
      authorUserId,
      authorActorId,
    };
    for (const subscription of this.subscribers) {
      if ('plain' in subscription) {
        await subscription.plain(db, event as RecordedEvent);
        continue;
      }
      const known = early.get(subscription);
      if (known) {
        if (known.prepared)
          await known.prepared.after(db, event as RecordedEvent, row[known.column] as Record<string, unknown>[]);
        continue;
      }
      // The unit of work does not name its territory: the read runs on its own, after the insert.
      const prepared = await subscription.reading(db, event as RecordedEvent);
      if (prepared)
        await prepared.after(db, event as RecordedEvent, await db.query(prepared.read.text, prepared.read.values));
    }
    this.logger.debug({ kind: input.kind, eventId: row.id, territoryId: row.territory_id }, 'domain event');
    return event;
  }
}
