import type { MigrationInterface, QueryRunner } from 'typeorm';
import { makeTenantTable } from './helpers.js';

/**
 * Background reports and exports: the request, its state, and the file,
 * stored in PostgreSQL in chunks (so any API process can stream any file).
 */
export class Reports1763800000003 implements MigrationInterface {
  name = 'Reports1763800000003';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create table reports (
        territory_id uuid not null references territories (id) on delete cascade,
        id uuid not null default gen_random_uuid(),
        type text not null check (length(type) between 1 and 50),
        format text not null check (format in ('csv', 'xlsx', 'pdf', 'geojson', 'json', 'gexf')),
        params jsonb not null default '{}',
        params_hash text not null,
        idempotency_key text check (length(idempotency_key) <= 200),
        status text not null default 'queued' check (status in ('queued', 'running', 'completed', 'failed', 'cancelled')),
        progress smallint not null default 0 check (progress between 0 and 100),
        attempts integer not null default 0,
        error text,
        file_name text,
        content_type text,
        size_bytes bigint,
        chunk_count integer,
        requested_by uuid references users (id),
        created_at timestamptz not null default now(),
        started_at timestamptz,
        finished_at timestamptz,
        primary key (territory_id, id)
      )`);
    await db.query(
      `create unique index reports_idempotency_key on reports (territory_id, idempotency_key) where idempotency_key is not null`,
    );
    await db.query(`create index reports_recent_idx on reports (territory_id, created_at desc, id)`);
    await db.query(
      `create index reports_params_idx on reports (territory_id, type, format, params_hash, created_at desc)`,
    );
    await makeTenantTable(db, 'reports', 'select, insert, update, delete');

    await db.query(`
      create table report_schedules (
        territory_id uuid not null references territories (id) on delete cascade,
        id uuid not null default gen_random_uuid(),
        type text not null check (length(type) between 1 and 50),
        format text not null,
        params jsonb not null default '{}',
        cron text not null check (length(cron) between 9 and 100),
        timezone text not null check (length(timezone) between 1 and 64),
        keep_last integer not null check (keep_last between 1 and 1000),
        created_by uuid references users (id),
        created_at timestamptz not null default now(),
        last_run_at timestamptz,
        primary key (territory_id, id)
      )`);
    await makeTenantTable(db, 'report_schedules', 'select, insert, update, delete');
    await db.query(`alter table reports add column schedule_id uuid`);
    await db.query(`
      alter table reports add constraint reports_schedule_fk foreign key (territory_id, schedule_id)
      references report_schedules (territory_id, id) on delete set null (schedule_id)`);
    await db.query(`create index reports_schedule_idx on reports (territory_id, schedule_id, created_at desc)`);

    await db.query(`
      create table report_chunks (
        territory_id uuid not null,
        report_id uuid not null,
        seq integer not null check (seq >= 0),
        data bytea not null,
        primary key (territory_id, report_id, seq),
        foreign key (territory_id, report_id) references reports (territory_id, id) on delete cascade
      )`);
    await makeTenantTable(db, 'report_chunks', 'select, insert, delete');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`drop table report_chunks`);
    await db.query(`drop table reports`);
    await db.query(`drop table report_schedules`);
  }
}
