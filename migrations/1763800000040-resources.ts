import type { MigrationInterface, QueryRunner } from 'typeorm';
import { makeTenantTable, RUNTIME_ROLE } from './helpers.js';

/**
 * The resource centre: national resources (global tables, published by administrators and
 * national bodies, read by every signed-in account) and each territory's own (tenant tables).
 * Both have the same columns: a file (stored in chunks, like report files) or a link, its
 * description, the kit's tags, and a French full-text vector. The text it is built from is
 * lower-cased and stripped of accents by the application (`search_text`), and PostgreSQL's
 * `french` configuration stems it, so "evaluation" finds "Évaluations" on PGlite and PostgreSQL
 * alike without the `unaccent` extension.
 */
function resourceColumns(): string {
  return `
        id uuid not null default gen_random_uuid(),
        kind text not null check (kind in ('file', 'link')),
        status text not null check (status in ('draft', 'published')),
        title text collate "und-x-icu" not null check (length(title) between 1 and 300),
        summary text not null default '' check (length(summary) <= 5000),
        author text not null default '' check (length(author) <= 300),
        published_on date,
        licence text not null default '' check (length(licence) <= 200),
        url text check (length(url) <= 2000),
        axis text not null check (axis in ('reference', 'illustration', 'method', 'toolbox')),
        sheet_kind text check (sheet_kind in ('context', 'knowledge', 'practice', 'tool')),
        fragilities text[] not null default '{}',
        action_types text[] not null default '{}',
        alliance_modes text[] not null default '{}',
        audiences text[] not null default '{}',
        file_name text,
        file_type text,
        content_type text,
        size_bytes bigint,
        chunk_count integer,
        downloads integer not null default 0,
        search_text text not null default '',
        search_vector tsvector generated always as (to_tsvector('french', search_text)) stored,
        version integer not null default 1,
        created_by uuid references users (id) on delete set null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check ((axis = 'toolbox') or sheet_kind is null),
        check ((kind = 'link') = (url is not null))`;
}

export class Resources1763800000040 implements MigrationInterface {
  name = 'Resources1763800000040';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`create table national_resources (${resourceColumns()}, primary key (id))`);
    await db.query(`create index national_resources_search_idx on national_resources using gin (search_vector)`);
    await db.query(`create index national_resources_recent_idx on national_resources (created_at desc, id)`);
    await db.query(`grant select, insert, update, delete on national_resources to ${RUNTIME_ROLE}`);
    await db.query(`
      create table national_resource_chunks (
        resource_id uuid not null references national_resources (id) on delete cascade,
        seq integer not null check (seq >= 0),
        data bytea not null,
        primary key (resource_id, seq)
      )`);
    await db.query(`grant select, insert, delete on national_resource_chunks to ${RUNTIME_ROLE}`);

    await db.query(`
      create table resources (
        territory_id uuid not null references territories (id) on delete cascade,
        ${resourceColumns()},
        primary key (territory_id, id)
      )`);
    await db.query(`create index resources_search_idx on resources using gin (search_vector)`);
    await db.query(`create index resources_recent_idx on resources (territory_id, created_at desc, id)`);
    await makeTenantTable(db, 'resources', 'select, insert, update, delete');
    await db.query(`
      create table resource_chunks (
        territory_id uuid not null,
        resource_id uuid not null,
        seq integer not null check (seq >= 0),
        data bytea not null,
        primary key (territory_id, resource_id, seq),
        foreign key (territory_id, resource_id) references resources (territory_id, id) on delete cascade
      )`);
    await makeTenantTable(db, 'resource_chunks', 'select, insert, delete');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`drop table resource_chunks`);
    await db.query(`drop table resources`);
    await db.query(`drop table national_resource_chunks`);
    await db.query(`drop table national_resources`);
  }
}
