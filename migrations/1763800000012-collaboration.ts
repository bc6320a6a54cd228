import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CURRENT_TERRITORY, makeTenantTable, RUNTIME_ROLE } from './helpers.js';

/** The caller pinned in the transaction (`app.user_id`), for the own-rows policies. */
const CURRENT_USER = `nullif(current_setting('app.user_id', true), '')::uuid`;
const NO_TERRITORY = `${CURRENT_TERRITORY} is null`;
/** The named scopes (scopes.ts, pinned as `app.scope`) that work on the mail queue across territories. */
const MAIL_SCOPES = `current_setting('app.scope', true) in ('notifications.mail', 'mail.status')`;

/**
 * The collaboration loop's storage:
 * - `domain_events`: the transactional outbox, one durable, ordered log per
 *   territory, written in the same transaction as the change it records
 *   (append-only for the runtime role);
 * - `notifications`: what each person is told, written with the event; a
 *   person reads their own across territories (outside any territory, only
 *   their rows: the own-rows policies below);
 * - `notification_preferences` (global): per person and kind, how mail goes;
 * - `mail_queue` (tenant, and open to the mail scopes across territories):
 *   the notifications waiting to be mailed, ids only;
 * - `mail_messages` (global): each mail sent or tried, with its delivery
 *   state and subject, never a territory's content, which is read at send time;
 * - `scheduled_runs` (global): when each scheduled job last ran (readiness).
 */
export class Collaboration1763800000012 implements MigrationInterface {
  name = 'Collaboration1763800000012';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create table domain_events (
        territory_id uuid not null references territories (id) on delete cascade,
        id bigint generated always as identity,
        occurred_at timestamptz not null default now(),
        kind text not null check (kind ~ '^[a-z_]+\\.[a-z_]+$'),
        subject_type text not null check (length(subject_type) between 1 and 40),
        subject_id uuid not null,
        author_user_id uuid references users (id) on delete set null,
        author_actor_id uuid,
        data jsonb not null default '{}',
        request_id text,
        primary key (territory_id, id)
      )`);
    await db.query(
      `create index domain_events_subject_idx on domain_events (territory_id, subject_type, subject_id, id)`,
    );
    await makeTenantTable(db, 'domain_events', 'select, insert');

    await db.query(`
      create table notifications (
        territory_id uuid not null references territories (id) on delete cascade,
        id uuid not null default gen_random_uuid(),
        user_id uuid not null references users (id) on delete cascade,
        event_id bigint not null,
        kind text not null check (length(kind) between 1 and 40),
        audience text not null check (audience in ('coordinator', 'organisation', 'person')),
        via_actor_id uuid,
        text text not null check (length(text) between 1 and 2000),
        link text not null check (link ~ '^/'),
        created_at timestamptz not null default now(),
        read_at timestamptz,
        primary key (territory_id, id),
        unique (territory_id, event_id, user_id),
        foreign key (territory_id, event_id) references domain_events (territory_id, id) on delete cascade,
        check ((audience = 'organisation') = (via_actor_id is not null))
      )`);
    await db.query(`create index notifications_user_idx on notifications (user_id, created_at desc, id)`);
    await db.query(`create index notifications_unread_idx on notifications (user_id) where read_at is null`);
    await makeTenantTable(db, 'notifications', 'select, insert');
    // A person reads (and marks read) their own notifications across territories, outside any territory only.
    await db.query(`
      create policy notifications_own_rows on notifications for select
      using (${NO_TERRITORY} and user_id = ${CURRENT_USER})`);
    await db.query(`
      create policy notifications_own_updates on notifications for update
      using (${NO_TERRITORY} and user_id = ${CURRENT_USER})
      with check (${NO_TERRITORY} and user_id = ${CURRENT_USER})`);
    await db.query(`grant update (read_at) on notifications to ${RUNTIME_ROLE}`);

    await db.query(`
      create table notification_preferences (
        user_id uuid not null references users (id) on delete cascade,
        kind text not null check (length(kind) between 1 and 40),
        frequency text not null check (frequency in ('immediate', 'daily', 'weekly', 'none')),
        updated_at timestamptz not null default now(),
        primary key (user_id, kind)
      )`);
    await db.query(`grant select, insert, update, delete on notification_preferences to ${RUNTIME_ROLE}`);

    await db.query(`
      create table mail_messages (
        id uuid primary key default gen_random_uuid(),
        user_id uuid not null references users (id) on delete cascade,
        frequency text not null check (frequency in ('immediate', 'daily', 'weekly')),
        status text not null default 'queued' check (status in ('queued', 'sent', 'failed', 'dropped')),
        subject text check (length(subject) <= 300),
        attempts integer not null default 0,
        last_error text check (length(last_error) <= 1000),
        smtp_message_id text,
        created_at timestamptz not null default now(),
        sent_at timestamptz
      )`);
    await db.query(`create index mail_messages_recent_idx on mail_messages (created_at desc)`);
    await db.query(`grant select, insert, update on mail_messages to ${RUNTIME_ROLE}`);

    await db.query(`
      create table mail_queue (
        id bigint generated always as identity primary key,
        user_id uuid not null references users (id) on delete cascade,
        territory_id uuid not null references territories (id) on delete cascade,
        notification_id uuid not null,
        frequency text not null check (frequency in ('immediate', 'daily', 'weekly')),
        due_at timestamptz not null,
        message_id uuid references mail_messages (id) on delete set null,
        state text not null default 'pending' check (state in ('pending', 'claimed', 'sent', 'dropped', 'failed')),
        created_at timestamptz not null default now(),
        unique (territory_id, notification_id)
      )`);
    await db.query(`create index mail_queue_due_idx on mail_queue (frequency, due_at) where state = 'pending'`);
    await db.query(`create index mail_queue_message_idx on mail_queue (message_id)`);
    // A territory's rows like any tenant table; the mail sweep and the administration's mail page,
    // which work across territories, see them only inside their own named scopes.
    await makeTenantTable(db, 'mail_queue', 'select, insert, update, delete');
    await db.query(`
      create policy mail_queue_mail_scopes on mail_queue
      using (${MAIL_SCOPES}) with check (${MAIL_SCOPES})`);

    await db.query(`
      create table scheduled_runs (
        name text primary key check (length(name) <= 100),
        registered_at timestamptz not null default now(),
        last_run_at timestamptz,
        last_outcome text check (length(last_outcome) <= 1000)
      )`);
    await db.query(`grant select, insert, update on scheduled_runs to ${RUNTIME_ROLE}`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'scheduled_runs',
      'mail_queue',
      'mail_messages',
      'notification_preferences',
      'notifications',
      'domain_events',
    ]) {
      await db.query(`drop table ${table}`);
    }
  }
}
