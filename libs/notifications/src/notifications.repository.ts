import { Injectable } from '@nestjs/common';
import { limitLiteral, type Db, type EventRead } from '@maillage/platform';
import type { MailFrequency, NotificationKind } from '@maillage/contract';

/** A member of the territory who may be told, with what their membership makes them. */
export interface Recipient {
  user_id: string;
  /** `national`: a national body (an observer or a platform administrator), not a member. */
  role: 'coordinator' | 'member' | 'national';
  actor_id: string | null;
}

/** The audience read's rows (decoded from JSON), the members before the national bodies. */
export function audienceRows(rows: Record<string, unknown>[]): Recipient[] {
  return [...rows]
    .sort((a, b) => Number(a.part) - Number(b.part))
    .map((row) => ({
      user_id: String(row.user_id),
      role: row.role as Recipient['role'],
      actor_id: row.actor_id === null ? null : String(row.actor_id),
    }));
}

export interface NewNotification {
  userId: string;
  eventId: string;
  kind: NotificationKind;
  audience: 'coordinator' | 'organisation' | 'person' | 'national';
  viaActorId: string | null;
  text: string;
  link: string;
}

export interface NotificationRow {
  territory_id: string;
  territory_name: string;
  id: string;
  kind: NotificationKind;
  text: string;
  link: string;
  created_at: Date;
  read_at: Date | null;
  /** `created_at` at full precision, for the cursor. */
  cursor_at: string;
}

/** Notifications a mail carries, as read at send time in their territory. */
export interface MailItemRow {
  id: string;
  kind: NotificationKind;
  text: string;
  link: string;
  created_at: Date;
  subject_type: string;
  subject_id: string;
  event_kind: string;
  /** The event was undone since (a withdrawn proposal): the item is dropped. */
  undone: boolean;
  /** The recipient may still read it (still a member, in the same role or organisation). */
  readable: boolean;
  /** The mail about the event it follows (`SILENT_AFTER`) was dropped for this recipient. */
  silenced: boolean;
}

/**
 * Who may still read a notification: a member of its territory, who is still
 * a coordinator for the coordinators' ones and still acts for the
 * organisation an organisation's one was sent through; for the national
 * bodies' ones, an account that still is one.
 */
const STILL_READABLE = (alias: string) => `(exists (
  select 1 from memberships m
  where m.territory_id = ${alias}.territory_id and m.user_id = ${alias}.user_id
    and (${alias}.audience = 'person'
         or (${alias}.audience = 'coordinator' and m.role = 'coordinator')
         or (${alias}.audience = 'organisation' and m.actor_id = ${alias}.via_actor_id)))
  or (${alias}.audience = 'national' and exists (
    select 1 from users u where u.id = ${alias}.user_id and u.global_role in ('observer', 'platform_admin'))))`;

/** SQL of notifications: fan-out in the event's transaction, a person's own list, the mail queue. */
@Injectable()
export class NotificationsRepository {
  /**
   * Who an event may reach: the territory's members among the coordinators (when `coordinators`),
   * the given organisations' members and the given people; then the national bodies (observer
   * accounts and platform administrators, global accounts, not members) when `national`. A read
   * for the statement that records the event (`DomainEvents.subscribeReading`); `part` orders the
   * members before the national bodies.
   */
  audience(coordinators: boolean, actorIds: string[], userIds: string[], national: boolean): EventRead {
    return {
      text: `select user_id, role, actor_id, 0 as part from memberships
             where ($1::boolean and role = 'coordinator') or (role = 'member' and actor_id = any($2::uuid[]))
                or user_id = any($3::uuid[])
             union all
             select id, 'national', null, 1 from users
             where $4::boolean and global_role in ('observer', 'platform_admin')`,
      values: [coordinators, actorIds, userIds, national],
    };
  }

  async userNames(db: Db, userIds: string[]): Promise<Map<string, string>> {
    const rows: { id: string; name: string }[] = await db.query(
      `select id, name from users where id = any($1::uuid[])`,
      [userIds],
    );
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** Inserts the notifications (one per person and event) and answers the ids of those inserted. */
  async insert(db: Db, notifications: NewNotification[]): Promise<{ id: string; user_id: string; kind: string }[]> {
    if (notifications.length === 0) return [];
    return db.query(
      `insert into notifications (user_id, event_id, kind, audience, via_actor_id, text, link)
       select * from unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[])
       on conflict (territory_id, event_id, user_id) do nothing
       returning id, user_id, kind`,
      [
        notifications.map((n) => n.userId),
        notifications.map((n) => n.eventId),
        notifications.map((n) => n.kind),
        notifications.map((n) => n.audience),
        notifications.map((n) => n.viaActorId),
        notifications.map((n) => n.text),
        notifications.map((n) => n.link),
      ],
    );
  }

  /** Each person's chosen frequency for these kinds (people who have not chosen are absent). */
  preferences(
    db: Db,
    userIds: string[],
  ): Promise<{ user_id: string; kind: NotificationKind; frequency: MailFrequency }[]> {
    return db.query(`select user_id, kind, frequency from notification_preferences where user_id = any($1::uuid[])`, [
      userIds,
    ]);
  }

  /** Queues mails (global queue: ids only; the mail is built when it is sent). */
  async queueMail(
    db: Db,
    territoryId: string,
    entries: { userId: string; notificationId: string; frequency: Exclude<MailFrequency, 'none'> }[],
    delaySeconds: number,
  ): Promise<void> {
    if (entries.length === 0) return;
    await db.query(
      `insert into mail_queue (user_id, territory_id, notification_id, frequency, due_at)
       select u, $1, n, f, now() + case when f = 'immediate' then make_interval(secs => $5) else interval '0' end
       from unnest($2::uuid[], $3::uuid[], $4::text[]) as e(u, n, f)
       on conflict do nothing`,
      [
        territoryId,
        entries.map((entry) => entry.userId),
        entries.map((entry) => entry.notificationId),
        entries.map((entry) => entry.frequency),
        delaySeconds,
      ],
    );
  }

  /** One page of a person's notifications across their territories, newest first (own-rows policy). */
  mine(
    db: Db,
    userId: string,
    after: { at: string; id: string } | null,
    unreadOnly: boolean,
    limit: number,
  ): Promise<NotificationRow[]> {
    return db.query(
      `select n.territory_id, t.name as territory_name, n.id, n.kind, n.text, n.link, n.created_at, n.read_at,
              to_char(n.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as cursor_at
       from notifications n join territories t on t.id = n.territory_id
       where n.user_id = $1 and ${STILL_READABLE('n')}
         and (not $2 or n.read_at is null)
         and ($3::text is null or (n.created_at, n.id) < ($3::timestamp at time zone 'UTC', $4::uuid))
       order by n.created_at desc, n.id desc
       limit ${limitLiteral(limit + 1)}`,
      [userId, unreadOnly, after?.at ?? null, after?.id ?? null],
    );
  }

  async unreadCount(db: Db, userId: string): Promise<number> {
    const rows: { count: number }[] = await db.query(
      `select count(*)::int as count from notifications n
       where n.user_id = $1 and n.read_at is null and ${STILL_READABLE('n')}`,
      [userId],
    );
    return rows[0]?.count ?? 0;
  }

  /** Marks one notification read; false when it is not the person's. */
  async markRead(db: Db, userId: string, id: string): Promise<boolean> {
    const [, count] = (await db.query(
      `update notifications set read_at = coalesce(read_at, now()) where user_id = $1 and id = $2`,
      [userId, id],
    )) as [unknown, number];
    return count > 0;
  }

  /** Marks every unread notification of the person read; how many were. */
  async markAllRead(db: Db, userId: string): Promise<number> {
    const [, count] = (await db.query(
      `update notifications set read_at = now() where user_id = $1 and read_at is null`,
      [userId],
    )) as [unknown, number];
    return count;
  }

  /** The notifications a mail carries in this territory, with whether each was undone or is no longer readable. */
  mailItems(
    db: Db,
    userId: string,
    ids: string[],
    undoing: Record<string, readonly string[]>,
    silentAfter: Record<string, string>,
  ): Promise<MailItemRow[]> {
    return db.query(
      `select n.id, n.kind, n.text, n.link, n.created_at, e.subject_type, e.subject_id, e.kind as event_kind,
              exists (select 1 from domain_events later
                      where later.territory_id = e.territory_id and later.subject_type = e.subject_type
                        and later.subject_id = e.subject_id and later.id > e.id
                        and later.kind = any(coalesce(($3::jsonb ->> e.kind)::text[], '{}'))) as undone,
              ${STILL_READABLE('n')} as readable,
              exists (select 1 from domain_events earlier
                      join notifications n2 on n2.territory_id = earlier.territory_id and n2.event_id = earlier.id
                                           and n2.user_id = n.user_id
                      join mail_queue q on q.territory_id = n2.territory_id and q.notification_id = n2.id
                      where earlier.territory_id = e.territory_id and earlier.subject_type = e.subject_type
                        and earlier.subject_id = e.subject_id and earlier.id < e.id
                        and earlier.kind = $4::jsonb ->> e.kind and q.state = 'dropped') as silenced
       from notifications n join domain_events e on e.territory_id = n.territory_id and e.id = n.event_id
       where n.user_id = $1 and n.id = any($2::uuid[])
       order by n.created_at, n.id`,
      [
        userId,
        ids,
        JSON.stringify(Object.fromEntries(Object.entries(undoing).map(([k, v]) => [k, `{${v.join(',')}}`]))),
        JSON.stringify(silentAfter),
      ],
    );
  }
}
