import { Injectable } from '@nestjs/common';
import type { Db } from '@maillage/platform';

export type MailFrequencyQueued = 'immediate' | 'daily' | 'weekly';

export interface MailMessageRow {
  id: string;
  user_id: string;
  frequency: MailFrequencyQueued;
  status: 'queued' | 'sent' | 'failed' | 'dropped';
  attempts: number;
  email: string;
  name: string;
}

export interface QueuedItemRow {
  id: string;
  territory_id: string;
  territory_name: string;
  notification_id: string;
}

export interface MailStatusRow {
  pending_immediate: number;
  pending_daily: number;
  pending_weekly: number;
  queued_messages: number;
  failed_messages: number;
  sent_last_day: number;
  last_error: string | null;
  last_failed_at: Date | null;
}

/** SQL of the global mail queue and messages (ids and delivery state; content is read at send time). */
@Injectable()
export class MailRepository {
  /**
   * Claims the pending mails of this frequency that are due (skipping any another process holds),
   * groups them into one message per person, and answers the messages made.
   */
  async claimDue(db: Db, frequency: MailFrequencyQueued, limit: number): Promise<string[]> {
    const rows: { message_id: string }[] = await db.query(
      `with due as (
         select id, user_id from mail_queue
         where state = 'pending' and frequency = $1 and due_at <= now()
         order by id limit $2 for update skip locked
       ), people as (
         select distinct user_id from due
       ), messages as (
         insert into mail_messages (user_id, frequency) select user_id, $1 from people
         returning id, user_id
       ), claimed as (
         update mail_queue q set state = 'claimed', message_id = m.id
         from due join messages m on m.user_id = due.user_id
         where q.id = due.id
         returning m.id as message_id
       )
       select distinct message_id from claimed`,
      [frequency, limit],
    );
    return rows.map((row) => row.message_id);
  }

  /** Messages left queued for a while (their send job lost in a crash): sent again. */
  async stale(db: Db): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      `select id from mail_messages where status = 'queued' and created_at < now() - interval '5 minutes' limit 500`,
    );
    return rows.map((row) => row.id);
  }

  async message(db: Db, id: string): Promise<MailMessageRow | undefined> {
    const rows: MailMessageRow[] = await db.query(
      `select m.id, m.user_id, m.frequency, m.status, m.attempts, u.email, u.name
       from mail_messages m join users u on u.id = m.user_id where m.id = $1 for update of m`,
      [id],
    );
    return rows[0];
  }

  items(db: Db, messageId: string): Promise<QueuedItemRow[]> {
    return db.query(
      `select q.id::text, q.territory_id, t.name as territory_name, q.notification_id
       from mail_queue q join territories t on t.id = q.territory_id
       where q.message_id = $1 and q.state = 'claimed' order by q.id`,
      [messageId],
    );
  }

  async dropItems(db: Db, ids: string[]): Promise<void> {
    if (ids.length) await db.query(`update mail_queue set state = 'dropped' where id = any($1::bigint[])`, [ids]);
  }

  async finish(
    db: Db,
    id: string,
    outcome: { status: 'sent' | 'dropped' | 'failed'; subject?: string; smtpMessageId?: string; error?: string },
  ): Promise<void> {
    await db.query(
      `update mail_messages set status = $2, subject = coalesce($3, subject), smtp_message_id = $4,
              last_error = coalesce($5, last_error), sent_at = case when $2 = 'sent' then now() end
       where id = $1`,
      [
        id,
        outcome.status,
        outcome.subject ?? null,
        outcome.smtpMessageId ?? null,
        outcome.error?.slice(0, 1000) ?? null,
      ],
    );
    await db.query(`update mail_queue set state = $2 where message_id = $1 and state = 'claimed'`, [
      id,
      outcome.status === 'sent' ? 'sent' : outcome.status,
    ]);
  }

  async attempted(db: Db, id: string, error: string): Promise<void> {
    await db.query(`update mail_messages set attempts = attempts + 1, last_error = $2 where id = $1`, [
      id,
      error.slice(0, 1000),
    ]);
  }

  /** What waits and what failed, for the platform administration. */
  async status(db: Db): Promise<MailStatusRow> {
    const rows: MailStatusRow[] = await db.query(
      `select
         (select count(*)::int from mail_queue where state = 'pending' and frequency = 'immediate') as pending_immediate,
         (select count(*)::int from mail_queue where state = 'pending' and frequency = 'daily') as pending_daily,
         (select count(*)::int from mail_queue where state = 'pending' and frequency = 'weekly') as pending_weekly,
         (select count(*)::int from mail_messages where status = 'queued') as queued_messages,
         (select count(*)::int from mail_messages where status = 'failed') as failed_messages,
         (select count(*)::int from mail_messages where status = 'sent' and sent_at > now() - interval '1 day')
           as sent_last_day,
         (select last_error from mail_messages where status = 'failed' order by created_at desc limit 1) as last_error,
         (select max(created_at) from mail_messages where status = 'failed') as last_failed_at`,
    );
    return rows[0] as MailStatusRow;
  }
}
