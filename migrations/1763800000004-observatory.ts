import type { MigrationInterface, QueryRunner } from 'typeorm';
import { makeTenantTable, RUNTIME_ROLE } from './helpers.js';

/**
 * The national observatory. Each territory decides whether it shares its
 * aggregates (a tenant table, like its facts: counts per month computed by
 * the rollup, no row ids, no names). The publication tables are global and
 * hold only area-level figures after disclosure control: the observatory's
 * read path never touches a tenant table, and no tenant policy gains a
 * "national" branch.
 */
export class Observatory1763800000004 implements MigrationInterface {
  name = 'Observatory1763800000004';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      create table observatory_sharing (
        territory_id uuid primary key references territories (id) on delete cascade,
        sharing boolean not null,
        changed_by uuid references users (id),
        changed_at timestamptz not null default now()
      )`);
    await makeTenantTable(db, 'observatory_sharing', 'select, insert, update');

    await db.query(`
      create table observatory_facts (
        territory_id uuid not null references territories (id) on delete cascade,
        period text not null check (period ~ '^[0-9]{4}-[0-9]{2}$'),
        indicator text not null check (length(indicator) between 1 and 60),
        dimension text not null check (length(dimension) between 1 and 60),
        value integer not null check (value >= 0),
        computed_at timestamptz not null default now(),
        primary key (territory_id, period, indicator, dimension)
      )`);
    await makeTenantTable(db, 'observatory_facts', 'select, insert, delete');

    await db.query(`
      create table observatory_publications (
        id bigint generated always as identity primary key,
        computed_at timestamptz not null default now(),
        threshold integer not null check (threshold >= 1),
        period_from text not null check (period_from ~ '^[0-9]{4}-[0-9]{2}$'),
        period_to text not null check (period_to ~ '^[0-9]{4}-[0-9]{2}$'),
        reason text not null check (length(reason) between 1 and 200),
        requested_by uuid references users (id),
        check (period_from <= period_to)
      )`);
    await db.query(`grant select, insert, delete on observatory_publications to ${RUNTIME_ROLE}`);

    await db.query(`
      create table observatory_areas (
        publication_id bigint not null references observatory_publications (id) on delete cascade,
        level text not null check (level in ('national', 'region', 'departement', 'epci', 'commune', 'peer_group')),
        code text not null check (length(code) between 1 and 40),
        name text not null check (length(name) between 1 and 200),
        parent_level text,
        parent_code text,
        primary key (publication_id, level, code)
      )`);
    await db.query(`grant select, insert on observatory_areas to ${RUNTIME_ROLE}`);

    await db.query(`
      create table observatory_cells (
        publication_id bigint not null,
        level text not null,
        code text not null,
        indicator text not null,
        dimension text not null,
        period text not null,
        value integer check (value >= 0),
        suppressed boolean not null,
        primary key (publication_id, level, code, indicator, dimension, period),
        -- Written once, with its areas, by the rollup's one transaction: a foreign key to the
        -- areas would cost a look-up per cell (measured: most of the publication's time).
        foreign key (publication_id) references observatory_publications (id) on delete cascade,
        check (suppressed = (value is null))
      )`);
    await db.query(`create index observatory_cells_period_idx on observatory_cells (publication_id, level, period)`);
    await db.query(`grant select, insert on observatory_cells to ${RUNTIME_ROLE}`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'observatory_cells',
      'observatory_areas',
      'observatory_publications',
      'observatory_facts',
      'observatory_sharing',
    ]) {
      await db.query(`drop table ${table}`);
    }
  }
}
